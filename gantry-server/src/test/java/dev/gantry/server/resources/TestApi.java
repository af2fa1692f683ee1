package dev.gantry.server.resources;

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
import dev.gantry.server.tenants.Tenants;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The resource API over the real dispatcher and a real database, called in memory. Bearer tokens
 * name the test callers: {@code admin} (scope {@code *}), {@code alice} (tenant a), {@code bob}
 * (tenant b), {@code reader} (tenant a, read scopes only).
 */
final class TestApi {
    static final Set<String> WRITE = Set.of("networks:write", "instances:write", "disks:write", "snapshots:write",
            "images:read", "usage:read");
    static final Prices PRICES = new Prices(Map.of("instances", new BigDecimal("0.001"),
            "disks", new BigDecimal("0.0001")), "EUR");

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    final Jdbi jdbi;
    final TestClock clock = new TestClock();
    final ResourceService service;
    final Dispatcher dispatcher;
    private final Map<String, Caller> callers = new HashMap<>();

    /** The API on {@code jdbi}'s database (migrated), with tenants a and b. */
    TestApi(Jdbi jdbi) {
        this(jdbi, ResourceTypes.builtIn());
    }

    TestApi(Jdbi jdbi, java.util.List<ResourceHandler<?>> types) {
        this.jdbi = jdbi;
        callers.put("admin", new Caller("admin", Caller.Kind.TOKEN, Set.of(Caller.ALL)));
        callers.put("alice", new Caller("alice", Caller.Kind.TOKEN, WRITE, Optional.of("a")));
        callers.put("bob", new Caller("bob", Caller.Kind.TOKEN, WRITE, Optional.of("b")));
        callers.put("reader", new Caller("reader", Caller.Kind.TOKEN, Set.of("networks:read", "instances:read"),
                Optional.of("a")));
        jdbi.useHandle(h -> h.execute("INSERT INTO tenants (id, display_name) VALUES ('a', 'Tenant A'), ('b', 'Tenant B')"));
        service = ResourceService.inline(jdbi, clock, new LocalNoopProvider(jdbi, clock), types);
        Tenants tenants = new Tenants(jdbi, clock);
        TenantGate gate = new TenantGate(id -> tenants.find(id).isPresent());
        Routes routes = new Routes("/api/v1");
        ResourceTypes.modules(service, new Metering(jdbi, PRICES), gate, clock, Duration.ofMillis(20))
                .forEach(routes::add);
        dispatcher = new Dispatcher(routes.all());
    }

    /** Adds a caller {@code name} (its token is its name) with these scopes in tenant a. */
    void caller(String name, Set<String> scopes) {
        callers.put(name, new Caller(name, Caller.Kind.TOKEN, scopes, Optional.of("a")));
    }

    long count(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    Authenticator authenticator() {
        return credentials -> credentials.authorization().map(a -> a.substring("Bearer ".length()))
                .map(callers::get)
                .orElseThrow(() -> ApiException.unauthorized("no such token"));
    }

    RawResponse raw(String who, String method, String path, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", "application/json");
        }
        int q = path.indexOf('?');
        return dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1), all::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.of("Bearer " + who))), authenticator());
    }

    Response call(String who, String method, String path, String body, Map<String, String> headers) {
        RawResponse r = raw(who, method, path, body, headers);
        return new Response(r.status(), r.headers(), new String(r.body(), StandardCharsets.UTF_8));
    }

    Response call(String who, String method, String path, String body) {
        return call(who, method, path, body, Map.of());
    }

    Response get(String who, String path) {
        return call(who, "GET", path, null);
    }

    /** Creates a network {@code name} with {@code cidr} in alice's or bob's tenant and checks it worked. */
    JsonNode network(String who, String tenant, String name, String cidr) {
        Response r = call(who, "POST", "/api/v1/tenants/" + tenant + "/networks",
                "{\"name\":\"" + name + "\",\"spec\":{\"cidr\":\"" + cidr + "\"}}");
        if (r.status() != 202) {
            throw new AssertionError("network " + name + ": " + r);
        }
        return r.json();
    }

    Response instance(String who, String tenant, String name, String network, String ip) {
        return call(who, "POST", "/api/v1/tenants/" + tenant + "/instances", "{\"name\":\"" + name
                + "\",\"spec\":{\"network\":\"" + network + "\"" + (ip == null ? "" : ",\"ip\":\"" + ip + "\"")
                + ",\"cpu\":2,\"memory\":1073741824}}");
    }
}
