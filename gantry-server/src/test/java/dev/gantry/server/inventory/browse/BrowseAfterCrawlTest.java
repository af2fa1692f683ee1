package dev.gantry.server.inventory.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.inventory.Crawler;
import dev.gantry.server.inventory.InventoryConfig;
import dev.gantry.server.inventory.Snapshots;
import dev.gantry.server.providers.proxmox.ProxmoxClient;
import dev.gantry.server.providers.proxmox.ProxmoxSource;
import dev.gantry.server.providers.proxmox.SimClusters;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.GuestView;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** End to end: the crawler fills the tables from simulated Proxmox clusters, browse reads them back. */
class BrowseAfterCrawlTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();
    // generous: this machine is shared, and a cluster past its timeout would make the crawl partial
    private static final Duration T = Duration.ofSeconds(30);

    SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    ProxmoxSim sim;
    ProxmoxSource source;
    Crawler crawler;
    BrowseApi api;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).taskDuration(Duration.ZERO).migrationDuration(Duration.ZERO)
                .cluster(new ClusterSpec("alpha", 3, 4, 1))
                .cluster(new ClusterSpec("beta", 2, 5, 2)).start();
        source = new ProxmoxSource(T, clock);
        List<ClusterAccess> clusters = SimClusters.passwords(sim);
        crawler = new Crawler(pg.jdbi(), ClusterDirectory.of(clusters), List.of(source),
                new InventoryConfig(Duration.ZERO, T, Duration.ZERO), clock, "test");
        api = new BrowseApi(pg.jdbi(), ClusterDirectory.of(clusters));
    }

    @AfterEach
    void stop() {
        crawler.close();
        source.close();
        sim.close();
    }

    private long crawl() {
        clock.advance(Duration.ofMinutes(5));
        Snapshots.Crawl crawl = crawler.start("api").orElseThrow().done().join();
        assertThat(crawl.status()).as(crawl.toString()).isEqualTo("ok");
        return crawl.id();
    }

    @Test
    void aGuestMovedInTheSimulatorShowsOnItsNewNodeUnderTheSameGantryIdAndTheDiffSaysMoved() throws Exception {
        long first = crawl();
        JsonNode before = api.ok("/api/v1/inventory/instances?cluster=alpha&vmid=100").path("items");
        assertThat(before).hasSize(1);
        String gantryId = before.get(0).path("gantryId").asText();
        GuestView guest = sim.cluster("alpha").guest(100).orElseThrow();
        assertThat(before.get(0).path("node").asText()).isEqualTo(guest.node());
        assertThat(api.ok("/api/v1/inventory/instances?limit=1000").path("items")).hasSize(3 * 4 + 2 * 5);

        String target = guest.node().equals("pve1") ? "pve2" : "pve1";
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, sim.cluster("alpha")), T, clock)) {
            client.post("nodes/" + guest.node() + "/" + guest.type().api() + "/100/migrate",
                    guest.type().api().equals("qemu") ? Map.of("target", target, "online", "1")
                            : Map.of("target", target, "restart", "1"));
        }
        long second = crawl();

        JsonNode after = api.ok("/api/v1/inventory/instances?cluster=alpha&vmid=100");
        assertThat(after.path("snapshot").path("id").asLong()).isEqualTo(second);
        assertThat(after.path("items").get(0).path("gantryId").asText()).isEqualTo(gantryId);
        assertThat(after.path("items").get(0).path("node").asText()).isEqualTo(target);
        assertThat(api.ok("/api/v1/inventory/instances?at=" + first + "&cluster=alpha&vmid=100").path("items").get(0)
                .path("node").asText()).isEqualTo(guest.node());

        JsonNode diff = api.ok("/api/v1/inventory/diff?from=" + first + "&to=" + second);
        assertThat(diff.path("moved")).hasSize(1);
        JsonNode moved = diff.path("moved").get(0);
        assertThat(moved.path("gantryId").asText()).isEqualTo(gantryId);
        assertThat(moved.path("fromNode").asText()).isEqualTo(guest.node());
        assertThat(moved.path("toNode").asText()).isEqualTo(target);
        assertThat(diff.path("added")).isEmpty();
        assertThat(diff.path("removed")).isEmpty();

        JsonNode history = api.ok("/api/v1/inventory/instances/" + gantryId).path("history");
        assertThat(StreamSupport.stream(history.spliterator(), false).map(v -> v.path("instance").path("node").asText()))
                .containsExactly(guest.node(), target);
        assertThat(history.get(0).path("toSnapshot").asLong()).isEqualTo(second);
    }
}
