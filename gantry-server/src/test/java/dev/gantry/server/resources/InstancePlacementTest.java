package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.placement.Placement;
import dev.gantry.server.testing.InventoryRows;
import dev.gantry.server.testing.PostgresExtension;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The instance resource asks placement for its node when the caller gives none. */
class InstancePlacementTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    static final long GIB = 1L << 30;

    private TestApi api() {
        ClusterAccess east = new ClusterAccess("east", ClusterAccess.Kind.PROXMOX, URI.create("https://127.0.0.1:8006"),
                false, Optional.empty(), new ClusterAccess.Credentials.Password("root@pam", "x"), Optional.empty(),
                Optional.empty(), List.of(), List.of(), 1);
        Placement placement = new Placement(pg.jdbi(), ClusterDirectory.of(List.of(east)));
        TestApi api = new TestApi(pg.jdbi(), ResourceTypes.builtIn(placement));
        api.network("alice", "a", "lan", "10.0.0.0/24");
        return api;
    }

    private String node(String name) {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT i.node FROM instances i JOIN resources r ON r.id = i.id "
                + "WHERE r.name = :name").bind("name", name).mapTo(String.class).findOne().orElse(null));
    }

    @Test
    void anInstanceWithoutANodeGetsThePlacedOneAndAGivenNodeIsKept() {
        TestApi api = api();
        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", Instant.parse("2026-01-01T00:00:00Z"));
        rows.node(s, InventoryRows.Node.empty("east", "pve1", 16, 64 * GIB, 0).withAllocated(8, 48 * GIB, 0));
        rows.node(s, InventoryRows.Node.empty("east", "pve2", 16, 64 * GIB, 0));

        TestApi.Response placed = api.instance("alice", "a", "vm1", "lan", null);
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        assertThat(placed.json().get("spec").get("node").asText()).isEqualTo("east/pve2");
        assertThat(node("vm1")).isEqualTo("east/pve2");

        TestApi.Response given = api.call("alice", "POST", "/api/v1/tenants/a/instances",
                "{\"name\":\"vm2\",\"spec\":{\"network\":\"lan\",\"cpu\":1,\"memory\":1073741824,\"node\":\"east/pve1\"}}");
        assertThat(given.status()).isEqualTo(202);
        assertThat(node("vm2")).isEqualTo("east/pve1");
    }

    @Test
    void withoutInventoryTheNodeStaysEmptyAndWhenNothingFitsTheInstanceIsRefused() {
        TestApi api = api();
        assertThat(api.instance("alice", "a", "early", "lan", null).status()).isEqualTo(202);
        assertThat(node("early")).isNull();

        InventoryRows rows = new InventoryRows(pg.jdbi());
        long s = rows.snapshot("ok", Instant.parse("2026-01-01T00:00:00Z"));
        rows.node(s, InventoryRows.Node.empty("east", "pve1", 16, GIB / 2, 0));
        TestApi.Response full = api.instance("alice", "a", "big", "lan", null);
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.json().get("detail").asText()).startsWith("no node fits 2 vCPUs, 1073741824 bytes of memory");
        long rowsForBig = api.count("SELECT count(*) FROM resources WHERE name = 'big'");
        assertThat(rowsForBig).isZero();
    }
}
