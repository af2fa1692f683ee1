package dev.gantry.server.inventory.browse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterDirectory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The browse routes over the real dispatcher and database, called in memory. Tokens name callers:
 * {@code operator} ({@code inventory:read}, no tenant), {@code admin} ({@code *}), {@code tenant}
 * ({@code inventory:read} in tenant a), {@code jobs} ({@code jobs:read} only).
 */
final class BrowseApi {
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final Map<String, Caller> CALLERS = Map.of(
            "operator", new Caller("olga", Caller.Kind.TOKEN, Set.of("inventory:read")),
            "admin", new Caller("admin", Caller.Kind.TOKEN, Set.of(Caller.ALL)),
            "tenant", new Caller("tom", Caller.Kind.TOKEN, Set.of("inventory:read"), Optional.of("a")),
            "jobs", new Caller("jo", Caller.Kind.TOKEN, Set.of("jobs:read")));

    private final Dispatcher dispatcher;

    BrowseApi(Jdbi jdbi, ClusterDirectory directory) {
        Routes routes = new Routes("/api/v1");
        routes.add(new BrowseModule(jdbi, directory));
        dispatcher = new Dispatcher(routes.all());
    }

    Response get(String who, String path) {
        int q = path.indexOf('?');
        Authenticator auth = credentials -> credentials.authorization().map(a -> a.substring("Bearer ".length()))
                .map(CALLERS::get).orElseThrow(() -> ApiException.unauthorized("no such token"));
        RawResponse r = dispatcher.dispatch(new RawRequest("GET", q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), name -> null, new byte[0],
                new Credentials(Optional.empty(), who == null ? Optional.empty() : Optional.of("Bearer " + who))), auth);
        return new Response(r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    /** An operator's GET that must answer 200. */
    JsonNode ok(String path) {
        Response r = get("operator", path);
        if (r.status() != 200) {
            throw new AssertionError("GET " + path + ": " + r);
        }
        return r.json();
    }
}
