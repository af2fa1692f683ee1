package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).cluster(new ClusterSpec("lab", 1, 10, 3)).start();
        client = new PveClient(sim, sim.cluster("lab"));
        client.login("root@pam", "simulated");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void aVmConfigHasProxmoxsKeysAndADigest() throws Exception {
        JsonNode config = config(qemu());

        assertThat(config.get("digest").asText()).matches("[0-9a-f]{40}");
        assertThat(config.get("name").asText()).isEqualTo("vm-" + qemu().vmid());
        assertThat(config.get("cores").isInt()).isTrue();
        assertThat(config.get("memory").isTextual()).as("a property string since PVE 8.1").isTrue();
        assertThat(config.get("net0").asText()).matches("virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1");
        assertThat(config.get("scsi0").asText()).startsWith("local-lvm:vm-" + qemu().vmid() + "-disk-0,");
    }

    @Test
    void aPutWithTheCurrentDigestChangesTheConfigAndTheDigest() throws Exception {
        GuestView vm = qemu();
        String digest = config(vm).get("digest").asText();

        PveClient.Reply put = client.put(ActionsTest.path(vm) + "/config",
                Map.of("description", "owner: ops\nid=\"X\"", "cores", "3", "digest", digest));

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().toString()).isEqualTo("{\"data\":null}");
        JsonNode after = config(vm);
        assertThat(after.get("description").asText()).isEqualTo("owner: ops\nid=\"X\"");
        assertThat(after.get("cores").asInt()).isEqualTo(3);
        assertThat(after.get("digest").asText()).isNotEqualTo(digest);
        JsonNode listed = client.get("/cluster/resources?type=vm").data();
        for (JsonNode e : listed) {
            if (e.get("vmid").asInt() == vm.vmid()) {
                assertThat(e.get("maxcpu").asInt()).isEqualTo(3);
            }
        }
    }

    @Test
    void aPutWithAStaleDigestFailsAsProxmoxsAndChangesNothing() throws Exception {
        GuestView vm = qemu();
        String stale = config(vm).get("digest").asText();
        client.put(ActionsTest.path(vm) + "/config", Map.of("description", "first"));

        PveClient.Reply second = client.put(ActionsTest.path(vm) + "/config",
                Map.of("description", "second", "digest", stale));

        assertThat(second.status()).isEqualTo(500);
        assertThat(second.body().get("message").asText())
                .isEqualTo("detected modified configuration - file changed by other user? Try again.\n");
        assertThat(config(vm).get("description").asText()).isEqualTo("first");
    }

    @Test
    void unknownKeysAndBadValuesAreParameterErrorsAndChangeNothing() throws Exception {
        GuestView vm = qemu();
        String digest = config(vm).get("digest").asText();

        PveClient.Reply reply = client.put(ActionsTest.path(vm) + "/config",
                Map.of("colour", "blue", "cores", "many", "description", "kept?"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("errors").get("colour").asText())
                .isEqualTo("property is not defined in schema and the schema does not allow additional properties");
        assertThat(reply.body().get("errors").get("cores").asText()).isEqualTo("type check ('integer') failed - got 'many'");
        assertThat(config(vm).get("digest").asText()).isEqualTo(digest);
        assertThat(config(vm).has("description")).isFalse();
    }

    @Test
    void aContainerIsRenamedByHostnameAndDeleteRemovesAKey() throws Exception {
        GuestView ct = guest(GuestType.LXC);
        client.put(ActionsTest.path(ct) + "/config", Map.of("hostname", "web-1", "tags", "prod"));

        JsonNode renamed = config(ct);
        client.put(ActionsTest.path(ct) + "/config", Map.of("delete", "tags"));

        assertThat(renamed.get("hostname").asText()).isEqualTo("web-1");
        assertThat(renamed.get("tags").asText()).isEqualTo("prod");
        assertThat(renamed.get("rootfs").asText()).startsWith("local-lvm:vm-" + ct.vmid() + "-disk-0,size=");
        assertThat(config(ct).has("tags")).isFalse();
        assertThat(client.put(ActionsTest.path(ct) + "/config", Map.of("name", "x")).status()).isEqualTo(400);
    }

    @Test
    void aJsonBodyWorksLikeAFormAndItsNumbersAndBooleansAreTakenAsText() throws Exception {
        GuestView vm = qemu();
        client.useToken(sim.cluster("lab").credentials().tokenHeader());

        PveClient.Reply put = client.putJson(ActionsTest.path(vm) + "/config",
                "{\"memory\": 3072, \"onboot\": true, \"tags\": \"db\"}");
        PveClient.Reply notAnObject = client.putJson(ActionsTest.path(vm) + "/config", "[1]");

        assertThat(put.status()).isEqualTo(200);
        JsonNode config = config(vm);
        assertThat(config.get("memory").asText()).isEqualTo("3072");
        assertThat(config.get("onboot").asInt()).isEqualTo(1);
        assertThat(config.get("tags").asText()).isEqualTo("db");
        assertThat(notAnObject.status()).isEqualTo(400);
    }

    private JsonNode config(GuestView g) throws Exception {
        PveClient.Reply reply = client.get(ActionsTest.path(g) + "/config");
        assertThat(reply.status()).isEqualTo(200);
        return reply.data();
    }

    private GuestView qemu() {
        return guest(GuestType.QEMU);
    }

    private GuestView guest(GuestType type) {
        SimCluster lab = sim.cluster("lab");
        for (int vmid = 100; vmid < 110; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.type() == type) {
                return g;
            }
        }
        throw new AssertionError("seed 3 has no " + type);
    }
}
