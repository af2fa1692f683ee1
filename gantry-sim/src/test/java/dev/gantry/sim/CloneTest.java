package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloneTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private SimCluster lab;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).migrationDuration(Duration.ofSeconds(5))
                .cluster(new ClusterSpec("lab", 2, 4, 21)).start();
        lab = sim.cluster("lab");
        client = new PveClient(sim, lab);
        client.login("root@pam", "simulated");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aCloneAppearsStoppedWhenItsTaskEndsWithTheSourcesDescriptionAndANewMac() throws Exception {
        GuestView vm = qemu();
        String path = ActionsTest.path(vm);
        client.put(path + "/config", Map.of("description", "id=\"1733565600_ABCDEFGH\""));
        JsonNode source = client.get(path + "/config").data();

        String upid = client.post(path + "/clone", Map.of("newid", "500")).data().asText();
        assertThat(lab.guest(500)).as("not before the task ends").isEmpty();
        clock.advance(Duration.ofSeconds(5));

        assertThat(upid).contains(":qmclone:" + vm.vmid() + ":");
        assertThat(client.get("/nodes/" + vm.node() + "/tasks/" + upid + "/status").data().get("exitstatus").asText())
                .isEqualTo("OK");
        JsonNode clone = client.get("/nodes/" + vm.node() + "/qemu/500/config").data();
        assertThat(clone.get("description").asText()).isEqualTo("id=\"1733565600_ABCDEFGH\"");
        assertThat(clone.get("name").asText()).isEqualTo("Copy-of-VM-" + source.get("name").asText());
        assertThat(clone.get("net0").asText()).isNotEqualTo(source.get("net0").asText());
        assertThat(clone.get("scsi0").asText()).startsWith("local-lvm:vm-500-disk-0,");
        assertThat(lab.guest(500).orElseThrow().status()).isEqualTo("stopped");
        assertThat(client.get("/cluster/resources?type=vm").data()).hasSize(9);
    }

    @Test
    void aTakenIdOrAnotherNodeIsRefusedAndNothingIsCreated() throws Exception {
        GuestView vm = qemu();
        String other = vm.node().equals("pve1") ? "pve2" : "pve1";
        String path = ActionsTest.path(vm) + "/clone";

        PveClient.Reply taken = client.post(path, Map.of("newid", "101"));
        PveClient.Reply elsewhere = client.post(path, Map.of("newid", "600", "target", other));
        PveClient.Reply missing = client.post(path, Map.of());
        clock.advance(Duration.ofSeconds(10));

        assertThat(taken.status()).isEqualTo(500);
        assertThat(taken.body().get("message").asText()).matches("(VM|CT) 101 already exists on node 'pve1'\n");
        assertThat(elsewhere.status()).isEqualTo(500);
        assertThat(elsewhere.body().get("message").asText())
                .isEqualTo("can't clone VM to node '" + other + "' (VM uses local storage)\n");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(lab.guest(600)).isEmpty();
        assertThat(lab.guestCount()).isEqualTo(8);
    }

    private GuestView qemu() {
        for (int vmid = 100; vmid < 108; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.type() == GuestType.QEMU) {
                return g;
            }
        }
        throw new AssertionError("seed 21 has no VM");
    }
}
