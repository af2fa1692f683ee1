package dev.gantry.server.inventory.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.testing.PostgresExtension;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browse over a fixed history of four snapshots written straight into the tables:
 * <ol>
 * <li>ok: pve-a (web 100 on n1, cache 102 on n1, old 104 on n1, db 101 on n2), pve-b (legacy 100 on m1);</li>
 * <li>failed: both clusters timed out (nothing changed);</li>
 * <li>partial: pve-b failed; web moved n1 → n2, cache's memory went 1 → 2 GiB, old is gone, fresh 103 on n1 is new;</li>
 * <li>running: a crawl in flight has already closed db's row and opened its next one.</li>
 * </ol>
 */
class BrowseApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    static final long GIB = 1L << 30;
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00.250Z");
    static final UUID WEB = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID DB = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final UUID CACHE = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    static final UUID OLD = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    static final UUID FRESH = UUID.fromString("00000000-0000-0000-0000-00000000000e");
    static final UUID LEGACY = UUID.fromString("00000000-0000-0000-0000-00000000000f");

    BrowseApi api;
    long s1;
    long s2;
    long s3;
    long s4;

    @BeforeEach
    void history() {
        InventoryRowsFixture db = new InventoryRowsFixture(pg.jdbi());
        s1 = db.snapshot("ok", T0);
        s2 = db.snapshot("failed", T0.plusSeconds(100));
        s3 = db.snapshot("partial", T0.plusSeconds(300));
        s4 = db.snapshot("running", T0.plusSeconds(600));
        db.crawl(s1, "pve-a", null);
        db.crawl(s1, "pve-b", null);
        db.crawl(s2, "pve-a", "connect timed out");
        db.crawl(s2, "pve-b", "connect timed out");
        db.crawl(s3, "pve-a", null);
        db.crawl(s3, "pve-b", "401 authentication failure");
        for (long s : List.of(s1, s2, s3)) {
            db.node(s, "pve-a", "n1", 16);
            db.node(s, "pve-a", "n2", 32);
            db.node(s, "pve-b", "m1", 8);
            db.storage(s, "pve-a", "n1", "local-lvm");
            db.storage(s, "pve-b", "m1", "local");
        }
        Instant booted = T0.minusSeconds(3600);
        db.instance(WEB, "pve-a", "n1", 100, "web", "running", GIB, booted, s1, s3);
        db.instance(WEB, "pve-a", "n2", 100, "web", "running", GIB, booted, s3, null);
        db.instance(CACHE, "pve-a", "n1", 102, "cache", "running", GIB, booted, s1, s3);
        db.instance(CACHE, "pve-a", "n1", 102, "cache", "running", 2 * GIB, booted, s3, null);
        db.instance(OLD, "pve-a", "n1", 104, "old", "stopped", GIB, null, s1, s3);
        db.instance(DB, "pve-a", "n2", 101, "db", "stopped", GIB, null, s1, s4);
        db.instance(DB, "pve-a", "n2", 101, "db", "running", GIB, T0.plusSeconds(590), s4, null);
        db.instance(FRESH, "pve-a", "n1", 103, "fresh", "running", GIB, T0.plusSeconds(200), s3, null);
        db.instance(LEGACY, "pve-b", "m1", 100, "legacy", "running", GIB, booted, s1, null);
        db.disk("pve-a", "n1", "local-lvm", "local-lvm:vm-100-disk-0", 100, s1, null);
        db.disk("pve-a", "n1", "local-lvm", "local-lvm:vm-104-disk-0", 104, s1, s3);
        db.disk("pve-b", "m1", "local", "local:100/vm-100-disk-0.qcow2", 100, s1, null);
        api = new BrowseApi(pg.jdbi(), ClusterDirectory.of(List.of(cluster("pve-a", "west"), cluster("pve-b", "east"))));
    }

    static ClusterAccess cluster(String name, String group) {
        return new ClusterAccess(name, ClusterAccess.Kind.PROXMOX, URI.create("https://" + name + ":8006"), false,
                Optional.empty(), new ClusterAccess.Credentials.ApiToken("root@pam!gantry", "secret"), Optional.empty(),
                Optional.empty(), List.of(), List.of(group, "all"), 1);
    }

    static List<String> names(JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).map(i -> i.path("name").asText()).toList();
    }

    @Test
    void theLatestSnapshotIsTheNewestFinishedOneAndItsInstancesAreListedByClusterNodeAndVmid() {
        JsonNode page = api.ok("/api/v1/inventory/instances");

        assertThat(page.path("snapshot").path("id").asLong()).isEqualTo(s3);
        assertThat(page.path("snapshot").path("status").asText()).isEqualTo("partial");
        assertThat(names(page)).containsExactly("cache", "fresh", "web", "db", "legacy");
        assertThat(page.has("next")).isFalse();
        JsonNode web = page.path("items").get(2);
        assertThat(web.path("gantryId").asText()).isEqualTo(WEB.toString());
        assertThat(web.path("cluster").asText()).isEqualTo("pve-a");
        assertThat(web.path("node").asText()).isEqualTo("n2");
        assertThat(web.path("vmid").asInt()).isEqualTo(100);
        assertThat(web.path("type").asText()).isEqualTo("qemu");
        assertThat(web.path("status").asText()).isEqualTo("running");
        assertThat(web.path("cpus").asDouble()).isEqualTo(2.0);
        assertThat(web.path("memory").asLong()).isEqualTo(GIB);
        assertThat(web.path("disk").asLong()).isEqualTo(32 * GIB);
        assertThat(web.path("macs").get(0).asText()).isEqualTo("BC:24:11:00:00:64");
        // booted an hour before T0, the snapshot started 300 s after T0
        assertThat(web.path("uptime").asLong()).isEqualTo(3900);
        assertThat(web.path("stale").asBoolean()).isFalse();
        assertThat(web.has("staleError")).isFalse();
        assertThat(page.path("items").get(3).has("uptime")).isFalse();
        assertThat(page.path("items").get(3).path("status").asText()).as("db as of s3, not the running s4").isEqualTo("stopped");
    }

    @Test
    void instancesOfAClusterThatFailedInTheSnapshotAreMarkedStaleWithItsError() {
        JsonNode legacy = api.ok("/api/v1/inventory/instances?cluster=pve-b").path("items");

        assertThat(legacy).hasSize(1);
        assertThat(legacy.get(0).path("stale").asBoolean()).isTrue();
        assertThat(legacy.get(0).path("staleError").asText()).isEqualTo("401 authentication failure");
        JsonNode nodes = api.ok("/api/v1/inventory/nodes?cluster=pve-b").path("items");
        assertThat(nodes.get(0).path("stale").asBoolean()).isTrue();
        assertThat(nodes.get(0).path("staleError").asText()).isEqualTo("401 authentication failure");
        JsonNode disks = api.ok("/api/v1/inventory/disks?cluster=pve-b").path("items");
        assertThat(disks.get(0).path("staleError").asText()).isEqualTo("401 authentication failure");
        assertThat(api.ok("/api/v1/inventory/instances?at=" + s1 + "&cluster=pve-b").path("items").get(0)
                .path("stale").asBoolean()).isFalse();
    }

    @Test
    void atTakesASnapshotIdOrTheNewestFinishedSnapshotStartedAtOrBeforeATime() {
        assertThat(names(api.ok("/api/v1/inventory/instances?at=" + s1))).containsExactly("web", "cache", "old", "db", "legacy");
        assertThat(api.ok("/api/v1/inventory/instances?at=latest").path("snapshot").path("id").asLong()).isEqualTo(s3);
        // s2 (failed) started at T0+100 s: a time after it still picks s1, the newest finished one
        assertThat(api.ok("/api/v1/inventory/instances?at=" + T0.plusSeconds(150)).path("snapshot").path("id").asLong()).isEqualTo(s1);
        assertThat(api.ok("/api/v1/inventory/instances?at=" + T0).path("snapshot").path("id").asLong()).isEqualTo(s1);
        assertThat(api.ok("/api/v1/inventory/nodes?at=2026-12-01T11:06:00%2B01:00").path("snapshot").path("id").asLong()).isEqualTo(s3);
        // an explicit id serves even a failed snapshot: every cluster stale, rows as they last were
        JsonNode failed = api.ok("/api/v1/inventory/instances?at=" + s2);
        assertThat(names(failed)).containsExactly("web", "cache", "old", "db", "legacy");
        assertThat(failed.path("items")).allMatch(i -> i.path("staleError").asText().equals("connect timed out"));
    }

    @Test
    void anUnknownSnapshotIsNotFoundARunningOneAConflictAndABadAtABadRequest() {
        assertThat(api.get("operator", "/api/v1/inventory/instances?at=999").status()).isEqualTo(404);
        BrowseApi.Response before = api.get("operator", "/api/v1/inventory/nodes?at=" + T0.minusSeconds(1));
        assertThat(before.status()).isEqualTo(404);
        assertThat(before.json().path("detail").asText()).isEqualTo("no finished inventory snapshot started at or before 2026-12-01T10:00:00Z"
                .replace("10:00:00Z", "09:59:59.250Z"));
        BrowseApi.Response running = api.get("operator", "/api/v1/inventory/instances?at=" + s4);
        assertThat(running.status()).isEqualTo(409);
        assertThat(running.json().path("detail").asText()).isEqualTo("inventory snapshot " + s4 + " is still running");
        BrowseApi.Response bad = api.get("operator", "/api/v1/inventory/instances?at=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("at");
        assertThat(bad.json().path("errors").get(0).path("rejected").asText()).isEqualTo("yesterday");
    }

    @Test
    void noFinishedSnapshotYetIsNotFound() {
        pg.jdbi().useHandle(h -> h.execute("DELETE FROM inventory_snapshots WHERE status <> 'running'"));
        BrowseApi.Response r = api.get("operator", "/api/v1/inventory/clusters");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("detail").asText()).isEqualTo("no finished inventory snapshot yet");
    }

    @Test
    void clusterNodeVmidAndGroupFilterTheRows() {
        assertThat(names(api.ok("/api/v1/inventory/instances?cluster=pve-a&node=n1"))).containsExactly("cache", "fresh");
        assertThat(names(api.ok("/api/v1/inventory/instances?vmid=100"))).containsExactly("web", "legacy");
        assertThat(names(api.ok("/api/v1/inventory/instances?group=east"))).containsExactly("legacy");
        assertThat(names(api.ok("/api/v1/inventory/instances?group=all&node=n2"))).containsExactly("web", "db");
        assertThat(names(api.ok("/api/v1/inventory/instances?group=nosuch"))).isEmpty();
        assertThat(names(api.ok("/api/v1/inventory/instances?cluster=nosuch"))).isEmpty();
        assertThat(api.ok("/api/v1/inventory/disks?vmid=100").path("items")).extracting(d -> d.path("volid").asText())
                .containsExactly("local-lvm:vm-100-disk-0", "local:100/vm-100-disk-0.qcow2");
        assertThat(api.ok("/api/v1/inventory/nodes?group=west").path("items")).extracting(n -> n.path("node").asText())
                .containsExactly("n1", "n2");
        assertThat(api.ok("/api/v1/inventory/storages?cluster=pve-a&node=n1").path("items"))
                .extracting(s -> s.path("storage").asText()).containsExactly("local-lvm");
        assertThat(api.ok("/api/v1/inventory/clusters?group=east").path("items")).extracting(c -> c.path("cluster").asText())
                .containsExactly("pve-b");
    }

    @Test
    void aFilterAKindHasNoColumnForOrABadVmidIsABadRequest() {
        BrowseApi.Response r = api.get("operator", "/api/v1/inventory/nodes?vmid=100");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("vmid");
        assertThat(r.json().path("errors").get(0).path("code").asText()).isEqualTo("not-applicable");
        assertThat(api.get("operator", "/api/v1/inventory/clusters?node=n1").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/inventory/instances?vmid=abc").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/inventory/instances?limit=0").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/inventory/instances?after=bm9wZQ").json().path("errors").get(0)
                .path("field").asText()).isEqualTo("after");
    }

    @Test
    void instancesAndDisksArePagedByCursorWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        String path = "/api/v1/inventory/instances?limit=2";
        int pages = 0;
        while (true) {
            JsonNode page = api.ok(path);
            pages++;
            seen.addAll(names(page));
            if (!page.has("next")) {
                break;
            }
            assertThat(page.path("items")).hasSize(2);
            path = "/api/v1/inventory/instances?limit=2&after=" + page.path("next").asText();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("cache", "fresh", "web", "db", "legacy");

        JsonNode first = api.ok("/api/v1/inventory/disks?at=" + s1 + "&limit=2");
        assertThat(first.path("items")).extracting(d -> d.path("volid").asText())
                .containsExactly("local-lvm:vm-100-disk-0", "local-lvm:vm-104-disk-0");
        JsonNode second = api.ok("/api/v1/inventory/disks?at=" + s1 + "&limit=2&after=" + first.path("next").asText());
        assertThat(second.path("items")).extracting(d -> d.path("volid").asText())
                .containsExactly("local:100/vm-100-disk-0.qcow2");
        assertThat(second.has("next")).isFalse();
    }

    @Test
    void clustersNodesAndStoragesAreTheSnapshotsOwnRows() {
        JsonNode clusters = api.ok("/api/v1/inventory/clusters").path("items");
        assertThat(clusters).hasSize(2);
        assertThat(clusters.get(0).path("cluster").asText()).isEqualTo("pve-a");
        assertThat(clusters.get(0).path("status").asText()).isEqualTo("ok");
        assertThat(clusters.get(0).path("stale").asBoolean()).isFalse();
        assertThat(clusters.get(0).path("groups")).extracting(JsonNode::asText).containsExactly("west", "all");
        assertThat(clusters.get(0).path("calls").asInt()).isEqualTo(7);
        assertThat(clusters.get(0).path("version").asText()).isEqualTo("8.2.4");
        assertThat(clusters.get(1).path("status").asText()).isEqualTo("failed");
        assertThat(clusters.get(1).path("error").asText()).isEqualTo("401 authentication failure");
        assertThat(clusters.get(1).path("stale").asBoolean()).isTrue();

        JsonNode n1 = api.ok("/api/v1/inventory/nodes?cluster=pve-a&node=n1").path("items");
        assertThat(n1).hasSize(1);
        assertThat(n1.get(0).path("cpus").asInt()).isEqualTo(16);
        assertThat(n1.get(0).path("memoryTotal").asLong()).isEqualTo(64 * GIB);
        assertThat(n1.get(0).path("load")).extracting(JsonNode::asDouble).containsExactly(0.5, 0.4, 0.3);
        assertThat(n1.get(0).path("allocatedMemory").asLong()).isEqualTo(8 * GIB);
        assertThat(n1.get(0).path("instanceCount").asInt()).isEqualTo(3);
        JsonNode storages = api.ok("/api/v1/inventory/storages").path("items");
        assertThat(storages).extracting(s -> s.path("cluster").asText() + "/" + s.path("storage").asText())
                .containsExactly("pve-a/local-lvm", "pve-b/local");
        assertThat(storages.get(0).path("content")).extracting(JsonNode::asText).containsExactly("images", "rootdir");
    }

    @Test
    void datesListEverySnapshotNewestFirst() {
        JsonNode dates = api.ok("/api/v1/inventory/dates");
        assertThat(dates).extracting(d -> d.path("id").asLong()).containsExactly(s4, s3, s2, s1);
        assertThat(dates).extracting(d -> d.path("status").asText()).containsExactly("running", "partial", "failed", "ok");
        assertThat(dates.get(0).has("finishedAt")).isFalse();
        assertThat(dates.get(3).path("startedAt").asText()).isEqualTo("2026-12-01T10:00:00.250Z");
        assertThat(api.ok("/api/v1/inventory/dates?limit=2&before=" + s3)).extracting(d -> d.path("id").asLong())
                .containsExactly(s2, s1);
    }

    @Test
    void theDiffListsAddedRemovedMovedAndChangedInstances() {
        JsonNode diff = api.ok("/api/v1/inventory/diff?from=" + s1 + "&to=" + s3);

        assertThat(diff.path("from").path("id").asLong()).isEqualTo(s1);
        assertThat(diff.path("to").path("id").asLong()).isEqualTo(s3);
        assertThat(diff.path("added")).extracting(i -> i.path("gantryId").asText()).containsExactly(FRESH.toString());
        assertThat(diff.path("removed")).extracting(i -> i.path("gantryId").asText()).containsExactly(OLD.toString());
        assertThat(diff.path("moved")).hasSize(1);
        JsonNode moved = diff.path("moved").get(0);
        assertThat(moved.path("gantryId").asText()).isEqualTo(WEB.toString());
        assertThat(moved.path("fromCluster").asText() + "/" + moved.path("fromNode").asText()).isEqualTo("pve-a/n1");
        assertThat(moved.path("toCluster").asText() + "/" + moved.path("toNode").asText()).isEqualTo("pve-a/n2");
        assertThat(moved.path("changes")).isEmpty();
        assertThat(diff.path("changed")).hasSize(1);
        JsonNode changed = diff.path("changed").get(0);
        assertThat(changed.path("gantryId").asText()).isEqualTo(CACHE.toString());
        assertThat(changed.path("changes")).hasSize(1);
        assertThat(changed.path("changes").get(0).path("field").asText()).isEqualTo("memory");
        assertThat(changed.path("changes").get(0).path("from").asLong()).isEqualTo(GIB);
        assertThat(changed.path("changes").get(0).path("to").asLong()).isEqualTo(2 * GIB);

        JsonNode same = api.ok("/api/v1/inventory/diff?from=" + s3);
        assertThat(same.path("to").path("id").asLong()).as("to defaults to latest").isEqualTo(s3);
        assertThat(same.path("added")).isEmpty();
        assertThat(same.path("removed")).isEmpty();
        assertThat(same.path("moved")).isEmpty();
        assertThat(same.path("changed")).isEmpty();
        // s1 → s2: nothing changed, the failed crawl left every row open
        assertThat(api.ok("/api/v1/inventory/diff?from=" + s1 + "&to=" + s2).path("moved")).isEmpty();
    }

    @Test
    void aDiffBackwardsOrWithoutFromIsABadRequest() {
        BrowseApi.Response back = api.get("operator", "/api/v1/inventory/diff?from=" + s3 + "&to=" + s1);
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.json().path("errors").get(0).path("field").asText()).isEqualTo("from");
        assertThat(api.get("operator", "/api/v1/inventory/diff").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/inventory/diff?from=" + s1 + "&to=999").status()).isEqualTo(404);
    }

    @Test
    void anInstanceShowsWhereItIsNowAndEveryVersionWithItsSnapshotRange() {
        JsonNode web = api.ok("/api/v1/inventory/instances/" + WEB);

        assertThat(web.path("gantryId").asText()).isEqualTo(WEB.toString());
        assertThat(web.path("snapshot").path("id").asLong()).isEqualTo(s3);
        assertThat(web.path("current").path("node").asText()).isEqualTo("n2");
        assertThat(web.path("history")).hasSize(2);
        JsonNode first = web.path("history").get(0);
        assertThat(first.path("fromSnapshot").asLong()).isEqualTo(s1);
        assertThat(first.path("toSnapshot").asLong()).isEqualTo(s3);
        assertThat(first.path("from").asText()).isEqualTo("2026-12-01T10:00:00.250Z");
        assertThat(first.path("to").asText()).isEqualTo("2026-12-01T10:05:00.250Z");
        assertThat(first.path("instance").path("node").asText()).isEqualTo("n1");
        JsonNode second = web.path("history").get(1);
        assertThat(second.path("fromSnapshot").asLong()).isEqualTo(s3);
        assertThat(second.has("toSnapshot")).isFalse();
        assertThat(second.has("to")).isFalse();

        JsonNode old = api.ok("/api/v1/inventory/instances/" + OLD);
        assertThat(old.has("current")).as("gone from the latest snapshot").isFalse();
        assertThat(old.path("history")).hasSize(1);
    }

    @Test
    void anUnknownOrMalformedGantryIdIsNotFound() {
        BrowseApi.Response unknown = api.get("operator", "/api/v1/inventory/instances/" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.get("operator", "/api/v1/inventory/instances/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void hyperProxmoxPathsAnswerAsAliasesWithDatesInEpochSeconds() {
        JsonNode web = api.ok("/api/v1/static/instances/last/pve-a/n2/100");
        assertThat(web.path("snapshot").path("id").asLong()).isEqualTo(s3);
        assertThat(names(web)).containsExactly("web");
        // T0 is 10:00:00.250: its whole second names s1, as HyperProxmox's integer date would
        JsonNode atT0 = api.ok("/api/v1/static/instances/" + T0.getEpochSecond() + "/pve-a");
        assertThat(atT0.path("snapshot").path("id").asLong()).isEqualTo(s1);
        assertThat(names(atT0)).containsExactly("web", "cache", "old", "db");
        assertThat(api.ok("/api/v1/static/nodes/last/pve-a/n1").path("items")).hasSize(1);
        assertThat(api.ok("/api/v1/static/clusters/last").path("items")).hasSize(2);
        assertThat(api.ok("/api/v1/static/storages/last/pve-b").path("items")).hasSize(1);
        assertThat(api.ok("/api/v1/static/disks/last/pve-a/n1/100").path("items")).hasSize(1);
        assertThat(api.ok("/api/v1/static/dates/all")).extracting(d -> d.path("id").asLong()).containsExactly(s3, s1);
        assertThat(api.ok("/api/v1/static/dates/last").path("id").asLong()).isEqualTo(s3);
        assertThat(api.get("operator", "/api/v1/static/dates/some").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/static/instances/yesterday").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/static/instances/last/pve-a/n1/abc").status()).isEqualTo(400);
        assertThat(api.get("operator", "/api/v1/static/instances/" + T0.minusSeconds(5).getEpochSecond()).status())
                .isEqualTo(404);
    }

    @Test
    void readingNeedsInventoryReadOrAdminAndNoTenant() {
        assertThat(api.get(null, "/api/v1/inventory/instances").status()).isEqualTo(401);
        assertThat(api.get("jobs", "/api/v1/inventory/instances").status()).isEqualTo(403);
        assertThat(api.get("admin", "/api/v1/inventory/instances").status()).isEqualTo(200);
        for (String path : List.of("/api/v1/inventory/instances", "/api/v1/inventory/dates", "/api/v1/inventory/diff?from=1",
                "/api/v1/inventory/instances/" + WEB, "/api/v1/static/dates/last", "/api/v1/static/nodes/last")) {
            BrowseApi.Response r = api.get("tenant", path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.json().path("detail").asText()).as(path)
                    .isEqualTo("tom acts for tenant a; the inventory spans every tenant and is for operators only");
        }
    }
}
