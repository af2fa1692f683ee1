package dev.gantry.agent.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.host.HostFacts;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import dev.gantry.common.openapi.OpenApiWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's routes in memory, with a system bus that cannot be reached (a socket path where none
 * is): what the agent answers before and without the bus. Nothing here can change this host.
 */
class SystemApiTest {
    @TempDir
    Path dir;
    private SystemBus bus;

    private RawResponse call(String method, String path, String body) {
        bus = SystemBus.at("unix:path=" + dir.resolve("no-bus"));
        Routes routes = new Routes("/api/v1").add(new SystemModule(bus, HostFacts.host(), Clock.systemUTC()));
        Map<String, String> headers = body.isEmpty() ? Map.of() : Map.of("Content-Type", "application/json");
        return new Dispatcher(routes.all()).dispatch(new RawRequest(method, path, null, headers::get,
                body.getBytes(StandardCharsets.UTF_8), new Credentials(Optional.empty(), Optional.empty())),
                Authenticator.none());
    }

    @AfterEach
    void close() {
        if (bus != null) {
            bus.close();
        }
    }

    private static JsonNode json(RawResponse r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void withoutABusReadsAre503WithRetryAfter() throws Exception {
        for (String path : new String[] {"/api/v1/system", "/api/v1/system/hostname", "/api/v1/system/time",
                "/api/v1/system/login/users", "/api/v1/system/login/sessions", "/api/v1/system/login/seats"}) {
            RawResponse r = call("GET", path, "");

            assertThat(r.status()).as(path).isEqualTo(503);
            assertThat(r.headers()).containsKey("Retry-After");
            assertThat(json(r).get("type").asText()).endsWith("backend-unavailable");
        }
    }

    @Test
    void anUnknownTimezoneIs400BeforeAnyBusCall() throws Exception {
        RawResponse r = call("PUT", "/api/v1/system/time", "{\"timezone\":\"Mars/Olympus_Mons\"}");

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = json(r).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("timezone");
        assertThat(error.get("rejected").asText()).isEqualTo("Mars/Olympus_Mons");
    }

    @Test
    void anInvalidHostnameIs400BeforeAnyBusCall() throws Exception {
        RawResponse r = call("PUT", "/api/v1/system/hostname", "{\"static\":\"no_underscores\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("static");
    }

    @Test
    void aNonNumericUidAndAMalformedSessionIdAre400() throws Exception {
        assertThat(call("GET", "/api/v1/system/login/users/root", "").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/system/login/users/-1/kill", "").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/system/login/sessions/a%20b/terminate", "").status()).isEqualTo(400);
    }

    @Test
    void theOpenApiSchemasUseTheJsonNamesStaticTransientAndClass() {
        bus = SystemBus.at("unix:path=" + dir.resolve("no-bus"));
        SystemModule module = new SystemModule(bus, HostFacts.host(), Clock.systemUTC());
        Routes routes = new Routes("/api/v1").add(module);
        JsonNode schemas = OpenApiWriter.write("t", "1", "d", List.of(module), routes.all())
                .get("components").get("schemas");

        assertThat(schemas.get("HostnameChange").get("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("static", "transient", "pretty", "chassis", "deployment", "location");
        assertThat(schemas.get("HostnameInfo").get("properties").has("static")).isTrue();
        assertThat(schemas.get("LoginSession").get("properties").has("class")).isTrue();
        assertThat(schemas.get("LoginSession").get("properties").has("sessionClass")).isFalse();
    }
}
