package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrateTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private SimCluster lab;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).migrationDuration(Duration.ofSeconds(5))
                .cluster(new ClusterSpec("lab", 3, 10, 5)).start();
        lab = sim.cluster("lab");
        client = new PveClient(sim, lab);
        client.login("root@pam", "simulated");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void aMigratedVmIsLockedWhileItsTaskRunsThenListedOnTheTarget() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "running");
        String target = vm.node().equals("pve2") ? "pve3" : "pve2";
        String digest = client.get(ActionsTest.path(vm) + "/config").data().get("digest").asText();

        PveClient.Reply migrate = client.post(ActionsTest.path(vm) + "/migrate", Map.of("target", target, "online", "1"));

        assertThat(migrate.status()).isEqualTo(200);
        assertThat(migrate.data().asText()).contains(":qmigrate:" + vm.vmid() + ":");
        assertThat(lab.guest(vm.vmid()).orElseThrow().locked()).isTrue();
        assertThat(vmResource(vm.vmid()).get("lock").asText()).isEqualTo("migrate");
        PveClient.Reply stop = client.post(ActionsTest.path(vm) + "/status/stop", Map.of());
        assertThat(stop.status()).isEqualTo(500);
        assertThat(stop.body().get("message").asText()).isEqualTo("VM is locked (migrate)\n");

        clock.advance(Duration.ofSeconds(5));

        JsonNode moved = vmResource(vm.vmid());
        assertThat(moved.get("node").asText()).isEqualTo(target);
        assertThat(moved.get("status").asText()).isEqualTo("running");
        assertThat(moved.has("lock")).isFalse();
        assertThat(client.get("/nodes/" + target + "/qemu").data())
                .anySatisfy(e -> assertThat(e.get("vmid").asInt()).isEqualTo(vm.vmid()));
        assertThat(client.get(ActionsTest.path(vm) + "/config").status()).isEqualTo(500);
        JsonNode config = client.get("/nodes/" + target + "/qemu/" + vm.vmid() + "/config").data();
        assertThat(config.get("digest").asText()).as("the config moves unchanged").isEqualTo(digest);
        assertThat(client.get("/nodes/" + target + "/storage/local-lvm/content").data())
                .anySatisfy(v -> assertThat(v.get("vmid").asInt()).isEqualTo(vm.vmid()));
    }

    @Test
    void aRunningVmNeedsOnlineAndTheTargetMustBeAnotherKnownNode() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "running");
        String path = ActionsTest.path(vm) + "/migrate";

        PveClient.Reply offline = client.post(path, Map.of("target", vm.node().equals("pve2") ? "pve3" : "pve2"));
        PveClient.Reply local = client.post(path, Map.of("target", vm.node(), "online", "1"));
        PveClient.Reply unknown = client.post(path, Map.of("target", "pve7", "online", "1"));
        PveClient.Reply missing = client.post(path, Map.of());

        assertThat(offline.status()).isEqualTo(500);
        assertThat(offline.body().get("message").asText()).isEqualTo("can't migrate running VM without --online\n");
        assertThat(local.status()).isEqualTo(400);
        assertThat(local.body().get("errors").get("target").asText()).isEqualTo("target is local node.");
        assertThat(unknown.status()).isEqualTo(500);
        assertThat(unknown.body().get("message").asText()).isEqualTo("no such cluster node 'pve7'\n");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("errors").get("target").asText())
                .isEqualTo("property is missing and it is not optional");
        clock.advance(Duration.ofSeconds(10));
        assertThat(lab.guest(vm.vmid()).orElseThrow().node()).isEqualTo(vm.node());
    }

    @Test
    void aStoppedContainerMigratesWithoutOptions() throws Exception {
        GuestView ct = guest(GuestType.LXC, "stopped");
        String target = ct.node().equals("pve1") ? "pve2" : "pve1";

        String upid = client.post(ActionsTest.path(ct) + "/migrate", Map.of("target", target)).data().asText();
        clock.advance(Duration.ofSeconds(5));

        assertThat(upid).contains(":vzmigrate:");
        assertThat(client.get("/nodes/" + ct.node() + "/tasks/" + upid + "/status").data().get("exitstatus").asText())
                .isEqualTo("OK");
        assertThat(lab.guest(ct.vmid()).orElseThrow().node()).isEqualTo(target);
    }

    @Test
    void aRunningContainerMovesOnlyInRestartModeAndRunsOnTheTarget() throws Exception {
        GuestView ct = guest(GuestType.LXC, "running");
        String target = ct.node().equals("pve1") ? "pve2" : "pve1";
        String path = ActionsTest.path(ct) + "/migrate";

        String live = client.post(path, Map.of("target", target, "online", "1")).data().asText();
        String plain = client.post(path, Map.of("target", target)).data().asText();
        clock.advance(Duration.ofSeconds(5));
        assertThat(exit(ct.node(), live)).isEqualTo("lxc live migration is currently not implemented");
        assertThat(exit(ct.node(), plain)).isEqualTo("running container can only be migrated in restart mode");
        assertThat(lab.guest(ct.vmid()).orElseThrow().node()).isEqualTo(ct.node());

        String restart = client.post(path, Map.of("target", target, "restart", "1")).data().asText();
        clock.advance(Duration.ofSeconds(5));

        assertThat(exit(ct.node(), restart)).isEqualTo("OK");
        GuestView moved = lab.guest(ct.vmid()).orElseThrow();
        assertThat(moved.node()).isEqualTo(target);
        assertThat(moved.status()).isEqualTo("running");
    }

    private String exit(String node, String upid) throws Exception {
        return client.get("/nodes/" + node + "/tasks/" + upid + "/status").data().get("exitstatus").asText();
    }

    private JsonNode vmResource(int vmid) throws Exception {
        for (JsonNode e : client.get("/cluster/resources?type=vm").data()) {
            if (e.get("vmid").asInt() == vmid) {
                return e;
            }
        }
        throw new AssertionError("no resource for " + vmid);
    }

    private GuestView guest(GuestType type, String status) {
        for (int vmid = 100; vmid < 130; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.type() == type && g.status().equals(status)) {
                return g;
            }
        }
        throw new AssertionError("seed 5 has no " + status + " " + type);
    }
}
