package dev.gantry.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Some modules behind the real dispatcher, called in memory. Bearer tokens name callers: {@code admin}
 * (every scope) and any added with {@link #caller}.
 */
public final class ModuleApi {
    private final Dispatcher dispatcher;
    private final Map<String, Caller> callers = new HashMap<>();

    public ModuleApi(List<ApiModule> modules) {
        Routes routes = new Routes("/api/v1");
        modules.forEach(routes::add);
        dispatcher = new Dispatcher(routes.all());
        callers.put("admin", new Caller("admin", Caller.Kind.TOKEN, Set.of(Caller.ALL)));
    }

    /** Adds a caller {@code name} (its token is its name) with these scopes, in {@code tenant} when given. */
    public ModuleApi caller(String name, Set<String> scopes, Optional<String> tenant) {
        callers.put(name, new Caller(name, Caller.Kind.TOKEN, scopes, tenant));
        return this;
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response call(String who, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), headers::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.of("Bearer " + who))),
                credentials -> credentials.authorization().map(a -> a.substring("Bearer ".length()))
                        .map(callers::get).orElseThrow(() -> ApiException.unauthorized("no such token")));
        return new Response(r.status(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
    }
}
