package dev.gantry.it.machines;

import static dev.gantry.it.machines.BoxMachines.await;
import static dev.gantry.it.machines.BoxMachines.registered;
import static dev.gantry.it.machines.BoxMachines.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.inventory.ClusterReading;
import dev.gantry.server.power.PowerDriver;
import dev.gantry.server.providers.gantry.GantryPowerDriver;
import dev.gantry.server.providers.gantry.GantrySource;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's side of a gantry cluster against a real gantryd: {@link GantrySource} and
 * {@link GantryPowerDriver} call the box's agent over its TCP listener with a bearer token (reached from
 * the host through {@link TcpForward} and systemd-socket-proxyd in the box), and their effect is checked
 * with machinectl in the box. The box runs exactly the machines this class starts.
 */
@WithAgentBox
class GantryClusterIT {
    private static TcpForward forward;
    private static String token;

    @BeforeAll
    static void tcpListenerAndToken(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        agent.configure("""
                [Network]
                Listen = "127.0.0.1:5208"
                ListenUnixSocket = true
                """);
        forward = TcpForward.intoBox(box, "127.0.0.1:5208");
        AgentHttp.Response created = agent.http().post("/api/v1/tokens", """
                {"name": "gantry-server", "scopes": ["agent:read", "proc:read", "machines:read", "machines:write"]}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        token = Json.mapper().readTree(created.body()).get("token").asText();
    }

    @AfterAll
    static void stopForwarding() throws Exception {
        forward.close();
    }

    private static ClusterAccess cluster(List<ClusterAccess.AgentEndpoint> agents) {
        return new ClusterAccess("lab", ClusterAccess.Kind.GANTRY, URI.create("gantry://lab"), false, Optional.empty(),
                new ClusterAccess.Credentials.Agents(agents), Optional.empty(), Optional.empty(), List.of(), List.of(),
                1.0);
    }

    private static ClusterAccess.AgentEndpoint boxAgent() {
        return new ClusterAccess.AgentEndpoint(URI.create("http://127.0.0.1:" + forward.port()), Optional.of(token),
                Optional.empty());
    }

    private static final String NODE = "127.0.0.1";

    @Test
    void aReadHasTheHostAsNodeAndExactlyItsMachinesUnderTheirMachineIds(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image first = BoxMachines.running(box);
        BoxMachines.Image second = BoxMachines.running(box);
        List<String> running = BoxMachines.listed(box);

        ClusterReading reading = new GantrySource(Duration.ofSeconds(10), Clock.systemUTC()).read(cluster(List.of(boxAgent())),
                Duration.ofSeconds(20));

        assertThat(reading.nodes()).hasSize(1);
        ClusterReading.Node node = reading.nodes().getFirst();
        assertThat(node.node()).isEqualTo(NODE);
        assertThat(node.status()).isEqualTo("online");
        assertThat(node.cpus()).isEqualTo(Integer.parseInt(box.exec("nproc", "--all").out()));
        assertThat(node.memoryTotal()).isEqualTo(1024 * Long.parseLong(box.exec("sh", "-c",
                "awk '/^MemTotal:/ {print $2}' /proc/meminfo").out()));
        assertThat(node.diskTotal()).isEqualTo(Long.parseLong(box.exec("df", "-B1", "--output=size", "/").out()
                .lines().skip(1).findFirst().orElseThrow().strip()));
        assertThat(node.load()).hasSize(3);
        assertThat(node.uptimeSeconds()).isPositive();
        assertThat(reading.instances()).hasSize(running.size());
        assertThat(reading.instances()).extracting(ClusterReading.Instance::name)
                .containsExactlyInAnyOrderElementsOf(running).contains(first.name(), second.name());
        ClusterReading.Instance one = reading.instances().stream().filter(i -> i.name().equals(first.name()))
                .findFirst().orElseThrow();
        assertThat(one.type()).isEqualTo("machine");
        assertThat(one.vmid()).isEmpty();
        assertThat(one.node()).isEqualTo(NODE);
        assertThat(one.status()).isEqualTo("running");
        String id = show(box, first.name(), "Id");
        assertThat(one.stampedId()).contains(UUID.fromString(
                id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5")));
        assertThat(reading.storages()).isEmpty();
        assertThat(reading.calls()).isEqualTo(8);
        assertThat(reading.cluster().version()).isEqualTo(Json.mapper()
                .readTree(agent.http().get("/api/v1/agent").body()).get("version").asText());
    }

    @Test
    void aHostThatDoesNotAnswerFailsTheReadWithItsAddress(AgentBox agent) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ClusterAccess.AgentEndpoint dead = new ClusterAccess.AgentEndpoint(URI.create("http://127.0.0.1:" + closed),
                Optional.of(token), Optional.empty());

        assertThatThrownBy(() -> new GantrySource(Duration.ofSeconds(10), Clock.systemUTC()).read(cluster(List.of(boxAgent(), dead)),
                Duration.ofSeconds(10))).hasMessageContaining("agent http://127.0.0.1:" + closed);
    }

    @Test
    void aWrongTokenFailsTheReadWithTheAgentsAnswer(AgentBox agent) {
        ClusterAccess.AgentEndpoint wrong = new ClusterAccess.AgentEndpoint(boxAgent().url(),
                Optional.of("gantry_wrong"), Optional.empty());

        assertThatThrownBy(() -> new GantrySource(Duration.ofSeconds(10), Clock.systemUTC()).read(cluster(List.of(wrong)),
                Duration.ofSeconds(10))).hasMessageContaining("answered 401");
    }

    @Test
    void shutdownPowersTheMachineOffAndStartBootsItAgain(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);
        GantryPowerDriver driver = new GantryPowerDriver(Duration.ofSeconds(60));
        ClusterAccess cluster = cluster(List.of(boxAgent()));
        PowerDriver.Target target = new PowerDriver.Target(NODE, Optional.empty(), "machine", image.name());
        assertThat(driver.status(cluster, target).status()).isEqualTo("running");

        String off = driver.begin(cluster, target, "shutdown");
        Optional<String> offResult = driver.awaitTask(cluster, target, off, Duration.ofSeconds(30));

        assertThat(offResult).contains("OK");
        assertThat(registered(box, image.name())).isFalse();
        assertThat(box.exec("systemctl", "show", image.unit(), "-p", "Result", "--value").out()).isEqualTo("success");
        assertThat(driver.status(cluster, target).status()).isEqualTo("stopped");

        String on = driver.begin(cluster, target, "start");
        Optional<String> onResult = driver.awaitTask(cluster, target, on, Duration.ofSeconds(30));

        assertThat(onResult).contains("OK");
        assertThat(show(box, image.name(), "State")).isEqualTo("running");
        JsonNode detail = (JsonNode) driver.status(cluster, target).detail();
        assertThat(detail.get("leader").asText()).isEqualTo(show(box, image.name(), "Leader"));
    }

    @Test
    void rebootAndStopActOnTheMachine(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);
        GantryPowerDriver driver = new GantryPowerDriver(Duration.ofSeconds(60));
        ClusterAccess cluster = cluster(List.of(boxAgent()));
        PowerDriver.Target target = new PowerDriver.Target(NODE, Optional.empty(), "machine", image.name());
        String leader = show(box, image.name(), "Leader");

        String reboot = driver.begin(cluster, target, "reboot");
        assertThat(driver.awaitTask(cluster, target, reboot, Duration.ofSeconds(30))).contains("OK");
        assertThat(show(box, image.name(), "Leader")).isNotEqualTo(leader).isNotEmpty();
        // nspawn@ restarts its unit on a reboot; machined refuses to stop it (409) until that start job ran.
        await(() -> box.exec("systemctl", "is-active", image.unit()).out().equals("active"), image.unit() + " active");

        String stop = driver.begin(cluster, target, "stop");
        assertThat(driver.awaitTask(cluster, target, stop, Duration.ofSeconds(30))).contains("OK");
        await(() -> !registered(box, image.name()), image.name() + " gone");
    }

    @Test
    void unsupportedAndInvalidActionsAreRefusedAndChangeNothing(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        BoxMachines.Image image = BoxMachines.running(box);
        BoxMachines.Image stopped = BoxMachines.image(box);
        GantryPowerDriver driver = new GantryPowerDriver(Duration.ofSeconds(60));
        ClusterAccess cluster = cluster(List.of(boxAgent()));
        PowerDriver.Target target = new PowerDriver.Target(NODE, Optional.empty(), "machine", image.name());
        PowerDriver.Target notRunning = new PowerDriver.Target(NODE, Optional.empty(), "machine", stopped.name());
        String leader = show(box, image.name(), "Leader");

        for (String unsupported : List.of("reset", "suspend", "resume")) {
            assertThatThrownBy(() -> driver.begin(cluster, target, unsupported)).as(unsupported)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
        }
        assertThatThrownBy(() -> driver.begin(cluster, target, "start"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThatThrownBy(() -> driver.begin(cluster, notRunning, "shutdown"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));

        assertThat(show(box, image.name(), "Leader")).isEqualTo(leader);
        assertThat(registered(box, stopped.name())).isFalse();
    }
}
