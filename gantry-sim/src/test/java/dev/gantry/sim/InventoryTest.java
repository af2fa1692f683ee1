package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private static final ClusterSpec SPEC = new ClusterSpec("lab", 4, 50, 42);
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).cluster(SPEC).start();
        client = new PveClient(sim, sim.cluster("lab"));
        client.login("root@pam", "simulated");
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void resourcesHoldEveryNodeGuestAndStorageAndTheTypeFilterSelects() throws Exception {
        JsonNode all = client.get("/cluster/resources").data();
        JsonNode vms = client.get("/cluster/resources?type=vm").data();
        JsonNode nodes = client.get("/cluster/resources?type=node").data();
        JsonNode storages = client.get("/cluster/resources?type=storage").data();

        assertThat(vms).hasSize(200);
        assertThat(nodes).hasSize(4);
        assertThat(storages).hasSize(8);
        assertThat(all).hasSize(212);
        Set<Integer> vmids = new HashSet<>();
        for (JsonNode vm : vms) {
            assertThat(vm.get("type").asText()).isIn("qemu", "lxc");
            assertThat(vm.get("id").asText()).isEqualTo(vm.get("type").asText() + "/" + vm.get("vmid").asInt());
            assertThat(vm.get("vmid").isInt()).isTrue();
            assertThat(vm.get("maxmem").isIntegralNumber()).isTrue();
            assertThat(vm.get("cpu").isNumber()).isTrue();
            assertThat(vm.get("template").asInt()).isZero();
            vmids.add(vm.get("vmid").asInt());
        }
        assertThat(vmids).hasSize(200);
        assertThat(nodes.get(0).get("id").asText()).isEqualTo("node/pve1");
        assertThat(storages.get(1).get("id").asText()).isEqualTo("storage/pve1/local-lvm");
    }

    @Test
    void aboutFourGuestsInFiveRunAndBothTypesAreThere() throws Exception {
        List<String> statuses = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (JsonNode vm : client.get("/cluster/resources?type=vm").data()) {
            statuses.add(vm.get("status").asText());
            types.add(vm.get("type").asText());
        }

        long running = statuses.stream().filter("running"::equals).count();
        assertThat(running).isBetween(140L, 180L);
        assertThat(statuses).containsOnly("running", "stopped");
        assertThat(types).containsExactlyInAnyOrder("qemu", "lxc");
    }

    @Test
    void theSameSeedGivesTheSameClusterAndAnotherSeedAnother() throws Exception {
        String here = client.get("/cluster/resources").body().toString();
        try (ProxmoxSim same = ProxmoxSim.builder().clock(clock).cluster(SPEC).start();
             ProxmoxSim other = ProxmoxSim.builder().clock(clock).cluster(new ClusterSpec("lab", 4, 50, 43)).start()) {
            PveClient sameClient = new PveClient(same, same.cluster("lab"));
            sameClient.login("root@pam", "simulated");
            PveClient otherClient = new PveClient(other, other.cluster("lab"));
            otherClient.login("root@pam", "simulated");

            assertThat(sameClient.get("/cluster/resources").body().toString()).isEqualTo(here);
            assertThat(otherClient.get("/cluster/resources").body().toString()).isNotEqualTo(here);
        }
    }

    @Test
    void anUnknownResourceTypeIsAParameterError() throws Exception {
        PveClient.Reply reply = client.get("/cluster/resources?type=vms");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().toString()).isEqualTo("{\"data\":null,\"message\":\"Parameter verification failed.\","
                + "\"errors\":{\"type\":\"value 'vms' does not have a value in the enumeration 'vm, storage, node, sdn'\"}}");
    }

    @Test
    void eachNodeListsItsGuestsSplitIntoQemuAndLxc() throws Exception {
        int total = 0;
        for (JsonNode node : client.get("/nodes").data()) {
            String name = node.get("node").asText();
            assertThat(node.get("status").asText()).isEqualTo("online");
            assertThat(node.get("ssl_fingerprint").asText()).isEqualTo(sim.fingerprint());
            JsonNode qemu = client.get("/nodes/" + name + "/qemu").data();
            JsonNode lxc = client.get("/nodes/" + name + "/lxc").data();
            assertThat(qemu.size() + lxc.size()).isEqualTo(50);
            lxc.forEach(ct -> assertThat(ct.get("type").asText()).isEqualTo("lxc"));
            total += qemu.size() + lxc.size();
        }
        assertThat(total).isEqualTo(200);
    }

    @Test
    void nodeStatusHasProxmoxsFields() throws Exception {
        JsonNode status = client.get("/nodes/pve2/status").data();

        assertThat(status.get("pveversion").asText()).isEqualTo("pve-manager/8.3.0/c1689ccb1065a83b");
        assertThat(status.get("memory").get("total").asLong()).isGreaterThan(status.get("memory").get("used").asLong());
        assertThat(status.get("cpuinfo").get("cpus").isInt()).isTrue();
        assertThat(status.get("loadavg")).hasSize(3);
        assertThat(status.get("loadavg").get(0).isTextual()).isTrue();
        assertThat(status.get("uptime").asLong()).isPositive();
    }

    @Test
    void anUnknownNodeFailsAsAHostnameLookup() throws Exception {
        PveClient.Reply reply = client.get("/nodes/pve9/qemu");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body().get("message").asText()).startsWith("hostname lookup 'pve9' failed");
    }

    @Test
    void clusterStatusNamesTheClusterAndItsNodes() throws Exception {
        JsonNode status = client.get("/cluster/status").data();

        assertThat(status).hasSize(5);
        assertThat(status.get(0).get("type").asText()).isEqualTo("cluster");
        assertThat(status.get(0).get("name").asText()).isEqualTo("lab");
        assertThat(status.get(0).get("nodes").asInt()).isEqualTo(4);
        assertThat(status.get(0).get("quorate").asInt()).isEqualTo(1);
        assertThat(status.get(3).toString()).isEqualTo("{\"type\":\"node\",\"id\":\"node/pve3\",\"name\":\"pve3\","
                + "\"nodeid\":3,\"ip\":\"10.0.0.3\",\"local\":0,\"online\":1,\"level\":\"\"}");
    }

    @Test
    void nextIdIsTheFirstFreeVmidAsAStringAndATakenOneIsAParameterError() throws Exception {
        assertThat(client.get("/cluster/nextid").body().toString()).isEqualTo("{\"data\":\"300\"}");
        assertThat(client.get("/cluster/nextid?vmid=4000").body().toString()).isEqualTo("{\"data\":\"4000\"}");
        PveClient.Reply taken = client.get("/cluster/nextid?vmid=150");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body().get("errors").get("vmid").asText()).isEqualTo("VM 150 already exists");
    }

    @Test
    void storagesAndTheirContentListEveryDiskOfTheNode() throws Exception {
        JsonNode storages = client.get("/nodes/pve1/storage").data();
        JsonNode disks = client.get("/nodes/pve1/storage/local-lvm/content").data();
        JsonNode local = client.get("/nodes/pve1/storage/local/content").data();

        assertThat(storages).extracting(s -> s.get("storage").asText()).containsExactly("local", "local-lvm");
        assertThat(storages.get(1).get("total").asLong())
                .isEqualTo(storages.get(1).get("used").asLong() + storages.get(1).get("avail").asLong());
        assertThat(disks).hasSize(50);
        assertThat(disks.get(0).get("volid").asText()).isEqualTo("local-lvm:vm-100-disk-0");
        assertThat(disks.get(0).get("vmid").asInt()).isEqualTo(100);
        assertThat(local).extracting(v -> v.get("content").asText()).containsExactly("iso", "vztmpl");
        assertThat(client.get("/nodes/pve1/storage/nfs/content").status()).isEqualTo(500);
    }

    @Test
    void anUnknownPathIsNotImplementedAsPveproxySaysIt() throws Exception {
        PveClient.Reply reply = client.get("/nodes/pve1/openvz");

        assertThat(reply.status()).isEqualTo(501);
        assertThat(reply.body().toString())
                .isEqualTo("{\"data\":null,\"message\":\"Method 'GET /nodes/pve1/openvz' not implemented\"}");
    }
}
