package dev.gantry.agent.machines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.systemd.Systemd;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module's routes in memory, with a system bus that cannot be reached: bad input is refused before
 * any bus call, and without the bus every other answer is a 503. Nothing here can change this host; the
 * machines themselves are tested in a box (MachinesIT).
 */
class MachinesApiTest {
    @TempDir
    Path dir;
    private SystemBus bus;

    private MachinesModule module() {
        bus = SystemBus.at("unix:path=" + dir.resolve("no-bus"));
        return MachinesModule.host(bus, new Systemd(bus));
    }

    private RawResponse call(String method, String path, String body) {
        Routes routes = new Routes("/api/v1").add(module());
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
    void withoutABusReadsAndActionsAre503() throws Exception {
        for (String[] call : new String[][] {{"GET", "/api/v1/machines"}, {"GET", "/api/v1/machines/tiny"},
                {"POST", "/api/v1/machines/tiny/actions/poweroff"}, {"POST", "/api/v1/machines/tiny/actions/start"}}) {
            RawResponse r = call(call[0], call[1], "");

            assertThat(r.status()).as(call[1]).isEqualTo(503);
            assertThat(json(r).get("type").asText()).endsWith("backend-unavailable");
        }
    }

    @Test
    void anInvalidMachineNameIs400NamingIt() throws Exception {
        for (String name : List.of("a..b", "x".repeat(65), "a%20b", ".hidden")) {
            RawResponse r = call("POST", "/api/v1/machines/" + name + "/actions/terminate", "");

            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("name");
        }
        assertThat(call("GET", "/api/v1/machines/a..b", "").status()).isEqualTo(400);
    }

    @Test
    void anUnknownActionIs404AndABadKillBodyIs400BeforeAnyBusCall() throws Exception {
        RawResponse unknown = call("POST", "/api/v1/machines/tiny/actions/suspend", "");
        RawResponse badKill = call("POST", "/api/v1/machines/tiny/actions/kill", "{\"signal\":\"SIGFOO\",\"whom\":\"main\"}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asText()).contains("start, poweroff, reboot, terminate, kill");
        assertThat(badKill.status()).isEqualTo(400);
        assertThat(json(badKill).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("signal", "whom");
    }

    @Test
    void theOpenApiSchemaOfAMachineUsesTheJsonNameClass() {
        MachinesModule module = module();
        Routes routes = new Routes("/api/v1").add(module);
        JsonNode schemas = OpenApiWriter.write("t", "1", "d", List.of(module), routes.all())
                .get("components").get("schemas");

        assertThat(schemas.get("Machine").get("properties").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "name", "id", "class", "service", "state", "leader", "rootDirectory", "addresses", "unit", "since");
        assertThat(schemas.get("MachineKill").get("properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("signal", "whom");
    }

    @Test
    void aMachineIdIsPrintedAsMachinectlPrintsIt() {
        byte[] id = new byte[16];
        for (int i = 0; i < 16; i++) {
            id[i] = (byte) (0xf0 + i);
        }

        assertThat(Machine.id(Optional.of(id))).isEqualTo("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        assertThat(Machine.id(Optional.of(List.of((byte) 1, (byte) 2)))).isEqualTo("0".repeat(32));
        assertThat(Machine.id(Optional.empty())).isEqualTo("0".repeat(32));
    }
}
