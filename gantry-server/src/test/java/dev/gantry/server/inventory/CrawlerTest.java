package dev.gantry.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.providers.proxmox.ProxmoxClient;
import dev.gantry.server.providers.proxmox.ProxmoxSource;
import dev.gantry.server.providers.proxmox.SimClusters;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.Fault;
import dev.gantry.sim.GuestView;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimClock;
import dev.gantry.sim.SimCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Crawls of simulated Proxmox clusters into a real PostgreSQL. */
class CrawlerTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();
    private static final Duration T = Duration.ofSeconds(10);
    private static final InventoryConfig CONFIG = new InventoryConfig(Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO);

    SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    ProxmoxSim sim;
    ProxmoxSource source;
    Crawler crawler;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).taskDuration(Duration.ZERO).migrationDuration(Duration.ZERO)
                .cluster(new ClusterSpec("alpha", 3, 4, 1))
                .cluster(new ClusterSpec("beta", 2, 5, 2))
                .cluster(new ClusterSpec("gamma", 4, 3, 3)).start();
        source = new ProxmoxSource(T, clock);
        crawler = new Crawler(pg.jdbi(), ClusterDirectory.of(SimClusters.passwords(sim)), List.of(source), CONFIG, clock,
                "test");
    }

    @AfterEach
    void stop() {
        crawler.close();
        source.close();
        sim.close();
    }

    private Snapshots.Crawl crawl() {
        clock.advance(Duration.ofMinutes(5));
        return crawler.start("api").orElseThrow().done().join();
    }

    @Test
    void aCrawlOfThreeClustersStoresEveryNodeInstanceStorageAndDiskAndStampsEveryGuest() throws Exception {
        Snapshots.Crawl crawl = crawl();

        assertThat(crawl.status()).isEqualTo("ok");
        assertThat(crawl.clusters()).extracting(Snapshots.ClusterResult::cluster, Snapshots.ClusterResult::status,
                        Snapshots.ClusterResult::nodes, Snapshots.ClusterResult::instances,
                        Snapshots.ClusterResult::storages, Snapshots.ClusterResult::disks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alpha", "ok", 3, 12, 6, 12 + 2 * 3),
                        org.assertj.core.groups.Tuple.tuple("beta", "ok", 2, 10, 4, 10 + 2 * 2),
                        org.assertj.core.groups.Tuple.tuple("gamma", "ok", 4, 12, 8, 12 + 2 * 4));
        assertThat(count("select count(*) from inventory_instances where valid_to is null")).isEqualTo(34);
        assertThat(count("select count(*) from inventory_identities where gone_in is null and stamped")).isEqualTo(34);
        assertThat(count("select count(*) from inventory_instances where cardinality(macs) = 1")).isEqualTo(34);
        // allocation sums: the node's guests, as the instances say
        assertThat(count("""
                select count(*) from inventory_nodes n where n.instance_count <> (select count(*) from inventory_instances i
                  where i.cluster = n.cluster and i.node = n.node and i.valid_to is null)""")).isZero();

        // every guest carries its gantryId in its description, after whatever text it had
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, sim.cluster("beta")), T, clock)) {
            for (Map<String, Object> row : pg.jdbi().withHandle(h -> h.createQuery(
                    "select gantry_id, node, type, vmid from inventory_instances where cluster = 'beta'").mapToMap().list())) {
                JsonNode config = client.guestConfig((String) row.get("node"), (String) row.get("type"), (Integer) row.get("vmid"), T);
                assertThat(config.path("description").asText()).endsWith("gantry-id=" + row.get("gantry_id"));
            }
        }
    }

    @Test
    void aSecondCrawlReadsNoConfigsBeyondItsRefreshSliceAndWritesNoUnchangedInstance() {
        crawl();
        sim.clusters().forEach(SimCluster::resetCalls);
        long versions = count("select count(*) from inventory_instances");

        Snapshots.Crawl second = crawl();

        assertThat(second.status()).isEqualTo("ok");
        assertThat(count("select count(*) from inventory_instances")).isEqualTo(versions);
        for (SimCluster c : sim.clusters()) {
            long configs = c.calls().entrySet().stream().filter(e -> e.getKey().endsWith("/config"))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(configs).as(c.name()).isEqualTo(Crawler.refreshSlice(c.guestCount()));
            assertThat(c.calls()).doesNotContainKey("PUT /nodes/{node}/qemu/{vmid}/config");
        }
        Snapshots.ClusterResult alpha = second.clusters().getFirst();
        // resources, status, version, 3 node statuses, 6 storage contents, 10 configs
        assertThat(alpha.calls()).isEqualTo(3 + 3 + 6 + 10);
    }

    @Test
    void aDeadClusterMakesTheSnapshotPartialWithItsErrorAndKeepsItsLastKnownInstances() {
        crawl();
        sim.cluster("beta").setFault(Fault.down());

        Snapshots.Crawl crawl = crawl();

        assertThat(crawl.status()).isEqualTo("partial");
        Snapshots.ClusterResult beta = crawl.clusters().get(1);
        assertThat(beta.status()).isEqualTo("failed");
        assertThat(beta.error()).contains("cluster beta").contains("failed");
        assertThat(beta.nodes()).isZero();
        assertThat(beta.instances()).isEqualTo(10);
        assertThat(crawl.clusters()).filteredOn(c -> !c.cluster().equals("beta"))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("ok"))
                .extracting(Snapshots.ClusterResult::instances).containsExactly(12, 12);
    }

    @Test
    void aSlowClusterIsCutOffAtItsTimeoutWhileTheOthersComplete() {
        sim.cluster("gamma").setFault(Fault.slow(Duration.ofSeconds(30)));
        Crawler quick = new Crawler(pg.jdbi(), ClusterDirectory.of(SimClusters.passwords(sim)), List.of(source),
                new InventoryConfig(Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO), java.time.Clock.systemUTC(), "test");
        try (quick) {
            Snapshots.Crawl crawl = quick.start("api").orElseThrow().done().join();
            assertThat(crawl.status()).isEqualTo("partial");
            assertThat(crawl.clusters()).extracting(Snapshots.ClusterResult::status).containsExactly("ok", "ok", "failed");
            assertThat(crawl.clusters().get(2).error()).isNotBlank();
        }
    }

    @Test
    void aGuestMovedToAnotherNodeKeepsItsGantryId() throws Exception {
        crawl();
        GuestView guest = sim.cluster("alpha").guest(100).orElseThrow();
        UUID before = gantryId("alpha", 100);
        String target = guest.node().equals("pve1") ? "pve2" : "pve1";
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, sim.cluster("alpha")), T, clock)) {
            client.post("nodes/" + guest.node() + "/" + guest.type().api() + "/100/migrate",
                    guest.type().api().equals("qemu") ? Map.of("target", target, "online", "1")
                            : Map.of("target", target, "restart", "1"));
        }
        assertThat(sim.cluster("alpha").guest(100).orElseThrow().node()).isEqualTo(target);

        Snapshots.Crawl crawl = crawl();

        assertThat(gantryId("alpha", 100)).isEqualTo(before);
        assertThat(pg.jdbi().<String, RuntimeException>withHandle(h -> h.createQuery("""
                select node from inventory_instances where cluster = 'alpha' and vmid = 100 and valid_from <= :s
                  and (valid_to is null or valid_to > :s)""").bind("s", crawl.id()).mapTo(String.class).one()))
                .isEqualTo(target);
        assertThat(count("select count(*) from inventory_instances where gantry_id = '" + before + "'")).isEqualTo(2);
    }

    @Test
    void aCloneCarryingItsSourcesIdGetsANewIdAndIsRestamped() throws Exception {
        crawl();
        GuestView source = sim.cluster("alpha").guest(101).orElseThrow();
        UUID original = gantryId("alpha", 101);
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, sim.cluster("alpha")), T, clock)) {
            client.post("nodes/" + source.node() + "/" + source.type().api() + "/101/clone", Map.of("newid", "900"));
            assertThat(client.guestConfig(source.node(), source.type().api(), 900, T).path("description").asText())
                    .contains("gantry-id=" + original);

            crawl();

            UUID copy = gantryId("alpha", 900);
            assertThat(copy).isNotEqualTo(original);
            assertThat(gantryId("alpha", 101)).isEqualTo(original);
            assertThat(pg.jdbi().<UUID, RuntimeException>withHandle(h -> h.createQuery(
                    "select cloned_from from inventory_identities where gantry_id = :id").bind("id", copy)
                    .mapTo(UUID.class).one())).isEqualTo(original);
            assertThat(client.guestConfig(source.node(), source.type().api(), 900, T).path("description").asText())
                    .contains("gantry-id=" + copy).doesNotContain(original.toString());
        }
        // and the next crawl agrees: nothing changes
        long versions = count("select count(*) from inventory_instances");
        crawl();
        assertThat(count("select count(*) from inventory_instances")).isEqualTo(versions);
    }

    @Test
    void anExpiredTicketIsRenewedWithoutFailingACrawl() {
        crawl();
        long signIns = sim.cluster("alpha").calls().get("POST /access/ticket");
        clock.advance(Duration.ofHours(2));

        Snapshots.Crawl crawl = crawl();

        assertThat(crawl.status()).isEqualTo("ok");
        assertThat(sim.cluster("alpha").calls().get("POST /access/ticket")).isEqualTo(signIns + 1);
    }

    @Test
    void purgeDropsOldSnapshotsAndClosedVersionsButKeepsWhatTheKeptSnapshotsShow() throws Exception {
        crawl();
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, sim.cluster("gamma")), T, clock)) {
            GuestView g = sim.cluster("gamma").guest(100).orElseThrow();
            client.post("nodes/" + g.node() + "/" + g.type().api() + "/100/status/" + (g.status().equals("running") ? "stop" : "start"), Map.of());
        }
        crawl();
        Instant cut = clock.instant().plusSeconds(60); // after the second crawl began, before the third
        Snapshots.Crawl last = crawl();
        long closed = count("select count(*) from inventory_instances where valid_to is not null");
        assertThat(closed).isEqualTo(1);

        Purge.Result result = crawler.purge(cut);

        assertThat(result.snapshots()).isEqualTo(2);
        assertThat(result.keptFrom()).isEqualTo(last.id());
        assertThat(result.instanceVersions()).isEqualTo(1);
        assertThat(count("select count(*) from inventory_snapshots")).isEqualTo(1);
        assertThat(count("select count(*) from inventory_instances where valid_to is not null")).isZero();
        assertThat(count("select min(valid_from) from inventory_instances")).isEqualTo(last.id());
        assertThat(crawler.find(last.id()).orElseThrow().clusters()).extracting(Snapshots.ClusterResult::instances)
                .containsExactly(12, 10, 12);
    }

    @Test
    void onlyOneCrawlRunsAtATime() {
        try (CrawlLock held = CrawlLock.tryAcquire(pg.jdbi()).orElseThrow()) {
            assertThat(crawler.start("api")).isEmpty();
        }
        assertThat(crawler.start("api")).isPresent();
    }

    private UUID gantryId(String cluster, int vmid) {
        return pg.jdbi().withHandle(h -> h.createQuery(
                        "select gantry_id from inventory_instances where cluster = :c and vmid = :v and valid_to is null")
                .bind("c", cluster).bind("v", vmid).mapTo(UUID.class).one());
    }

    private long count(String sql) {
        return pg.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
