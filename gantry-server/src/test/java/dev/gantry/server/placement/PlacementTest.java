package dev.gantry.server.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.testing.InventoryRows;
import dev.gantry.server.testing.InventoryRows.Node;
import dev.gantry.server.testing.ModuleApi;
import dev.gantry.server.testing.PostgresExtension;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /api/v1/placement} over the real dispatcher, on inventory rows in PostgreSQL. */
class PlacementTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    static final long GIB = 1L << 30;
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    static ClusterAccess cluster(String name, List<String> exclude, List<String> groups, double weight) {
        return new ClusterAccess(name, ClusterAccess.Kind.PROXMOX, URI.create("https://127.0.0.1:8006"), false,
                Optional.empty(), new ClusterAccess.Credentials.Password("root@pam", "x"), Optional.empty(),
                Optional.empty(), exclude, groups, weight);
    }

    static ModuleApi api(ClusterAccess... clusters) {
        return new ModuleApi(List.of(new PlacementModule(new Placement(pg.jdbi(), ClusterDirectory.of(List.of(clusters))))))
                .caller("operator", Set.of("placement:write", "instances:write"), Optional.empty());
    }

    static String request(int cpu, long memory, long disk, int count) {
        return "{\"cpu\":" + cpu + ",\"memory\":" + memory + ",\"disk\":" + disk + ",\"count\":" + count + "}";
    }

    static List<String> nodes(JsonNode answer) {
        List<String> chosen = new ArrayList<>();
        answer.get("choices").forEach(c -> chosen.add(c.get("cluster").asText() + "/" + c.get("node").asText()));
        return chosen;
    }

    @Test
    void choosesTheNodeWithLessAllocationAndShowsTheInputsOfItsScore() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 1000 * GIB).withAllocated(8, 64 * GIB, 200 * GIB));
        rows.node(s, Node.empty("east", "pve2", 16, 128 * GIB, 1000 * GIB).withAllocated(4, 32 * GIB, 100 * GIB));

        ModuleApi.Response r = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(4, 16 * GIB, 100 * GIB, 1));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode answer = r.json();
        assertThat(answer.get("snapshot").asLong()).isEqualTo(s);
        assertThat(answer.get("candidates").asInt()).isEqualTo(2);
        assertThat(nodes(answer)).containsExactly("east/pve2");
        JsonNode in = answer.get("choices").get(0).get("inputs");
        // With the guest counted in: 8/16 vCPUs, 48/128 GiB, 200/1000 GiB; an idle node, so use terms are 0.
        assertThat(in.get("cpuAllocation").asDouble()).isEqualTo(0.5);
        assertThat(in.get("memoryAllocation").asDouble()).isEqualTo(0.375);
        assertThat(in.get("diskAllocation").asDouble()).isEqualTo(0.2);
        assertThat(in.get("allocatedMemory").asLong()).isEqualTo(32 * GIB);
        double pressure = (3 * 0.375 + 2 * 0.5 / 4 + 3 * 0.2) / 21;
        assertThat(in.get("pressure").asDouble()).isCloseTo(pressure, within(1e-12));
        assertThat(answer.get("choices").get(0).get("score").asDouble()).isCloseTo(1 / (1 + pressure), within(1e-12));
    }

    @Test
    void memoryAllocationIsOverTheNodesTotalNotItsUsedMemory() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        // HyperProxmox divided allocation by used memory: pve1 (little used) would have looked full.
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 0).withUse(0, 8 * GIB, 0, 0).withAllocated(0, 8 * GIB, 0));
        rows.node(s, Node.empty("east", "pve2", 16, 128 * GIB, 0).withUse(0, 8 * GIB, 0, 0).withAllocated(0, 96 * GIB, 0));

        JsonNode answer = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(2, 8 * GIB, 0, 1)).json();

        assertThat(nodes(answer)).containsExactly("east/pve1");
        assertThat(answer.get("choices").get(0).get("inputs").get("memoryAllocation").asDouble()).isEqualTo(0.125);
    }

    @Test
    void aCountSpreadsOverNodesBecauseEachPickIsCountedBeforeTheNext() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 32, 256 * GIB, 0));
        rows.node(s, Node.empty("east", "pve2", 32, 256 * GIB, 0));
        rows.node(s, Node.empty("east", "pve3", 32, 256 * GIB, 0).withAllocated(0, 64 * GIB, 0));

        JsonNode answer = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(4, 32 * GIB, 0, 5)).json();

        // pve1 and pve2 tie (the name breaks it); pve3 starts with 64 GiB allocated but no vCPUs, so once
        // the others hold 64 GiB and 8 vCPUs each it is the least allocated.
        assertThat(nodes(answer)).containsExactly("east/pve1", "east/pve2", "east/pve1", "east/pve2", "east/pve3");
        assertThat(answer.get("choices").get(2).get("inputs").get("allocatedMemory").asLong()).isEqualTo(32 * GIB);
        // Nothing was reserved: the same question gets the same answer.
        assertThat(nodes(api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(4, 32 * GIB, 0, 5)).json())).isEqualTo(nodes(answer));
        long allocated = pg.jdbi().withHandle(h -> h.createQuery("SELECT sum(allocated_memory) FROM inventory_nodes")
                .mapTo(Long.class).one());
        assertThat(allocated).isEqualTo(64 * GIB);
    }

    @Test
    void offlineExcludedUnregisteredAndOtherGroupsNodesAreNeverChosen() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 0).withStatus("offline"));
        rows.node(s, Node.empty("east", "pve2", 16, 128 * GIB, 0));
        rows.node(s, Node.empty("east", "pve3", 16, 128 * GIB, 0).withAllocated(12, 100 * GIB, 0));
        rows.node(s, Node.empty("west", "pve1", 64, 512 * GIB, 0));
        rows.node(s, Node.empty("gone", "pve1", 64, 512 * GIB, 0));
        ModuleApi api = api(cluster("east", List.of("pve2"), List.of("prod"), 1),
                cluster("west", List.of(), List.of("lab"), 1));

        JsonNode prod = api.call("admin", "POST", "/api/v1/placement",
                "{\"cpu\":1,\"memory\":1073741824,\"count\":3,\"group\":\"prod\"}").json();
        assertThat(nodes(prod)).containsExactly("east/pve3", "east/pve3", "east/pve3");
        assertThat(prod.get("candidates").asInt()).isEqualTo(1);

        assertThat(nodes(api.call("admin", "POST", "/api/v1/placement",
                "{\"cpu\":1,\"memory\":1073741824}").json())).containsExactly("west/pve1");

        ModuleApi.Response none = api.call("admin", "POST", "/api/v1/placement",
                "{\"cpu\":1,\"memory\":1073741824,\"group\":\"none\"}");
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("detail").asText()).isEqualTo("no candidate node in snapshot " + s
                + " for group none (1 cluster not registered, 4 not in the group)");
    }

    @Test
    void aHeavierClusterWeightWinsOverAnEquallyLoadedNode() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 0).withAllocated(0, 64 * GIB, 0));
        rows.node(s, Node.empty("west", "pve1", 16, 128 * GIB, 0).withAllocated(0, 64 * GIB, 0));

        JsonNode answer = api(cluster("east", List.of(), List.of(), 1), cluster("west", List.of(), List.of(), 2))
                .call("admin", "POST", "/api/v1/placement", request(1, GIB, 0, 1)).json();

        assertThat(nodes(answer)).containsExactly("west/pve1");
        JsonNode in = answer.get("choices").get(0).get("inputs");
        assertThat(in.get("clusterWeight").asDouble()).isEqualTo(2.0);
        assertThat(answer.get("choices").get(0).get("score").asDouble())
                .isCloseTo(2 / (1 + in.get("pressure").asDouble()), within(1e-12));
    }

    @Test
    void guestDisksAreCountedAgainstGuestStorageAndTheClustersStorageDiskFirst() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 50 * GIB).withAllocated(0, 0, 100 * GIB));
        rows.storage(s, "east", "pve1", "local", "iso,vztmpl", 50 * GIB, 10 * GIB);
        rows.storage(s, "east", "pve1", "local-lvm", "images,rootdir", 400 * GIB, 100 * GIB);
        rows.storage(s, "east", "pve1", "fast", "images", 1000 * GIB, 0);

        JsonNode all = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(1, GIB, 300 * GIB, 1)).json();
        assertThat(all.get("choices").get(0).get("inputs").get("diskTotal").asLong()).isEqualTo(1400 * GIB);
        assertThat(all.get("choices").get(0).get("inputs").get("diskUsage").asDouble()).isEqualTo(100.0 / 1400);

        ClusterAccess lvmOnly = new ClusterAccess("east", ClusterAccess.Kind.PROXMOX, URI.create("https://x:8006"), false,
                Optional.empty(), new ClusterAccess.Credentials.Password("root@pam", "x"), Optional.empty(),
                Optional.of("local-lvm"), List.of(), List.of(), 1);
        ModuleApi.Response full = api(lvmOnly).call("admin", "POST", "/api/v1/placement", request(1, GIB, 301 * GIB, 1));
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.json().get("detail").asText()).isEqualTo("no node fits 1 vCPUs, 1073741824 bytes of memory "
                + "and 323196289024 bytes of disk: 1 candidate nodes (1 disk)");
    }

    @Test
    void readsTheNewestSnapshotThatIsOkOrPartial() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long old = rows.snapshot("ok", T0);
        rows.node(old, Node.empty("east", "old", 16, 128 * GIB, 0));
        long partial = rows.snapshot("partial", T0.plusSeconds(300));
        rows.node(partial, Node.empty("east", "pve1", 16, 128 * GIB, 0));
        long failed = rows.snapshot("failed", T0.plusSeconds(600));
        rows.node(failed, Node.empty("east", "failed", 16, 128 * GIB, 0));
        rows.snapshot("running", T0.plusSeconds(900));

        JsonNode answer = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(1, GIB, 0, 1)).json();

        assertThat(answer.get("snapshot").asLong()).isEqualTo(partial);
        assertThat(nodes(answer)).containsExactly("east/pve1");
    }

    @Test
    void nothingFitsIs422AndNamesEachShortage() {
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", T0);
        rows.node(s, Node.empty("east", "pve1", 16, 128 * GIB, 0).withAllocated(0, 100 * GIB, 0));
        rows.node(s, Node.empty("east", "pve2", 4, 512 * GIB, 0));

        ModuleApi.Response r = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(8, 64 * GIB, 0, 1));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).isEqualTo("no node fits 8 vCPUs, 68719476736 bytes of memory and 0 "
                + "bytes of disk: 2 candidate nodes (1 fewer CPUs than the guest's vCPUs, 1 memory)");

        ModuleApi.Response second = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST",
                "/api/v1/placement", request(2, 300 * GIB, 0, 2));
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.json().get("detail").asText()).contains("after placing 1 of 2");
    }

    @Test
    void noSnapshotYetIs422() {
        ModuleApi.Response r = api(cluster("east", List.of(), List.of(), 1)).call("admin", "POST", "/api/v1/placement",
                request(1, GIB, 0, 1));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText())
                .isEqualTo("no inventory snapshot yet: nothing to place on until a crawl finished");
    }

    @Test
    void badInputIs400NamingEveryField() {
        ModuleApi.Response r = api().call("admin", "POST", "/api/v1/placement",
                "{\"cpu\":0,\"disk\":-1,\"count\":1001,\"group\":\" \"}");
        assertThat(r.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asText() + ":" + e.get("code").asText()));
        assertThat(fields).containsExactlyInAnyOrder("cpu:range", "memory:required", "disk:range", "count:range",
                "group:blank");
    }

    @Test
    void onlyAdminsMayAsk() {
        ModuleApi.Response r = api().call("operator", "POST", "/api/v1/placement", request(1, GIB, 0, 1));
        assertThat(r.status()).isEqualTo(403);
    }
}
