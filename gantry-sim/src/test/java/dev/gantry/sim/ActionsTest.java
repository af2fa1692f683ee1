package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActionsTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private SimCluster lab;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).taskDuration(Duration.ofSeconds(2))
                .cluster(new ClusterSpec("lab", 2, 20, 11)).start();
        lab = sim.cluster("lab");
        client = new PveClient(sim, lab);
        client.login("root@pam", "simulated");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void startReturnsAUpidAndTheGuestRunsWhenItsTaskEnds() throws Exception {
        GuestView vm = find(GuestType.QEMU, "stopped");
        String base = path(vm);

        PveClient.Reply start = client.post(base + "/status/start", Map.of());
        String upid = start.data().asText();

        assertThat(upid).matches("UPID:" + vm.node() + ":[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:" + vm.vmid()
                + ":root@pam:");
        assertThat(upid.split(":")[4]).isEqualTo(String.format("%08X", clock.instant().getEpochSecond()));
        JsonNode running = task(vm.node(), upid);
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.has("exitstatus")).isFalse();
        assertThat(client.get(base + "/status/current").data().get("status").asText()).isEqualTo("stopped");

        clock.advance(Duration.ofSeconds(2));

        JsonNode done = task(vm.node(), upid);
        assertThat(done.get("status").asText()).isEqualTo("stopped");
        assertThat(done.get("exitstatus").asText()).isEqualTo("OK");
        assertThat(done.get("type").asText()).isEqualTo("qmstart");
        assertThat(done.get("id").asText()).isEqualTo(Integer.toString(vm.vmid()));
        JsonNode current = client.get(base + "/status/current").data();
        assertThat(current.get("status").asText()).isEqualTo("running");
        assertThat(current.get("qmpstatus").asText()).isEqualTo("running");
        assertThat(current.get("uptime").asLong()).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(client.get(base + "/status/current").data().get("uptime").asLong()).isEqualTo(30);
    }

    @Test
    void stopShutdownAndRebootChangeARunningContainer() throws Exception {
        GuestView ct = find(GuestType.LXC, "running");
        String base = path(ct);

        String reboot = client.post(base + "/status/reboot", Map.of()).data().asText();
        clock.advance(Duration.ofSeconds(2));
        assertThat(task(ct.node(), reboot).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(reboot).contains(":vzreboot:");
        assertThat(lab.guest(ct.vmid()).orElseThrow().status()).isEqualTo("running");

        String shutdown = client.post(base + "/status/shutdown", Map.of()).data().asText();
        clock.advance(Duration.ofSeconds(2));
        assertThat(task(ct.node(), shutdown).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get(base + "/status/current").data().get("status").asText()).isEqualTo("stopped");
    }

    @Test
    void suspendPausesAVmAndResumeRunsItAgain() throws Exception {
        GuestView vm = find(GuestType.QEMU, "running");
        String base = path(vm);

        client.post(base + "/status/suspend", Map.of());
        clock.advance(Duration.ofSeconds(2));
        JsonNode suspended = client.get(base + "/status/current").data();
        client.post(base + "/status/resume", Map.of());
        clock.advance(Duration.ofSeconds(2));
        JsonNode resumed = client.get(base + "/status/current").data();

        assertThat(suspended.get("status").asText()).isEqualTo("running");
        assertThat(suspended.get("qmpstatus").asText()).isEqualTo("paused");
        assertThat(resumed.get("qmpstatus").asText()).isEqualTo("running");
    }

    @Test
    void aContainersSuspendIsACheckpointThatStopsItAndResumeBringsItBack() throws Exception {
        GuestView ct = find(GuestType.LXC, "running");
        String base = path(ct);

        client.post(base + "/status/suspend", Map.of());
        clock.advance(Duration.ofSeconds(2));
        String suspended = client.get(base + "/status/current").data().get("status").asText();
        PveClient.Reply secondSuspend = client.post(base + "/status/suspend", Map.of());
        String resume = client.post(base + "/status/resume", Map.of()).data().asText();
        clock.advance(Duration.ofSeconds(2));

        assertThat(suspended).isEqualTo("stopped");
        assertThat(secondSuspend.status()).isEqualTo(500);
        assertThat(secondSuspend.body().get("message").asText()).isEqualTo("CT " + ct.vmid() + " not running\n");
        assertThat(task(ct.node(), resume).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get(base + "/status/current").data().get("status").asText()).isEqualTo("running");
        PveClient.Reply rebootStopped = client.post(path(find(GuestType.LXC, "stopped")) + "/status/reboot", Map.of());
        assertThat(rebootStopped.body().get("message").asText()).as("pve-container's wording").endsWith(" not running\n")
                .startsWith("VM ");
    }

    @Test
    void resetOnAContainerIsNotImplementedAsOnProxmox() throws Exception {
        GuestView ct = find(GuestType.LXC, "running");

        PveClient.Reply reply = client.post(path(ct) + "/status/reset", Map.of());

        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body().get("message").asText())
                .isEqualTo("Method 'POST " + path(ct) + "/status/reset' not implemented");
        assertThat(reply.data().isNull()).isTrue();
    }

    @Test
    void resetOnARunningVmRestartsIt() throws Exception {
        GuestView vm = find(GuestType.QEMU, "running");
        clock.advance(Duration.ofSeconds(100));

        String upid = client.post(path(vm) + "/status/reset", Map.of()).data().asText();
        clock.advance(Duration.ofSeconds(2));

        assertThat(upid).contains(":qmreset:");
        assertThat(task(vm.node(), upid).get("exitstatus").asText()).isEqualTo("OK");
        assertThat(client.get(path(vm) + "/status/current").data().get("uptime").asLong()).isZero();
    }

    @Test
    void startingARunningVmFailsInItsTask() throws Exception {
        GuestView vm = find(GuestType.QEMU, "running");

        PveClient.Reply reply = client.post(path(vm) + "/status/start", Map.of());
        clock.advance(Duration.ofSeconds(2));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(task(vm.node(), reply.data().asText()).get("exitstatus").asText())
                .isEqualTo("VM " + vm.vmid() + " already running");
    }

    @Test
    void startingARunningContainerFailsTheCall() throws Exception {
        GuestView ct = find(GuestType.LXC, "running");

        PveClient.Reply reply = client.post(path(ct) + "/status/start", Map.of());

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body().get("message").asText()).isEqualTo("CT " + ct.vmid() + " already running\n");
    }

    @Test
    void aGuestOnAnotherNodeHasNoConfigFileHere() throws Exception {
        GuestView vm = find(GuestType.QEMU, "stopped");
        String other = vm.node().equals("pve1") ? "pve2" : "pve1";

        PveClient.Reply reply = client.post("/nodes/" + other + "/qemu/" + vm.vmid() + "/status/start", Map.of());

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body().get("message").asText())
                .isEqualTo("Configuration file 'nodes/" + other + "/qemu-server/" + vm.vmid() + ".conf' does not exist\n");
        assertThat(lab.guest(vm.vmid()).orElseThrow().status()).isEqualTo("stopped");
    }

    @Test
    void aVmidThatIsNoNumberIsAParameterError() throws Exception {
        PveClient.Reply reply = client.get("/nodes/pve1/qemu/abc/status/current");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").get("vmid").asText()).isEqualTo("type check ('integer') failed - got 'abc'");
    }

    @Test
    void anUnknownTaskIsAnError() throws Exception {
        assertThat(client.get("/nodes/pve1/tasks/UPID:pve1:00000001:00000001:00000001:qmstart:100:root@pam:/status")
                .status()).isEqualTo(500);
        assertThat(client.get("/nodes/pve1/tasks/nonsense/status").status()).isEqualTo(400);
    }

    private JsonNode task(String node, String upid) throws Exception {
        PveClient.Reply reply = client.get("/nodes/" + node + "/tasks/" + upid + "/status");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("upid").asText()).isEqualTo(upid);
        return reply.data();
    }

    private GuestView find(GuestType type, String status) {
        for (int vmid = 100; vmid < 140; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.type() == type && g.status().equals(status)) {
                return g;
            }
        }
        throw new AssertionError("seed 11 has no " + status + " " + type);
    }

    static String path(GuestView g) {
        return "/nodes/" + g.node() + "/" + g.type().api() + "/" + g.vmid();
    }
}
