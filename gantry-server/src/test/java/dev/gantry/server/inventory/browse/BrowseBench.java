package dev.gantry.server.inventory.browse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tool, not a test: 100,000 instance versions (20 clusters × 20 nodes × 225 guests open since
 * snapshot 1, and 10,000 of them changed once in snapshots 2–11), then the instances list's plan and
 * its latency through the dispatcher (routing, SQL, JSON), in-process. Run with
 * {@code -Dgantry.bench=true -Dtest=BrowseBench}; it prints, asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "gantry.bench", matches = "true")
class BrowseBench {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static final int RUNS = 100;

    @Test
    void instancesListOnAHundredThousandVersions() {
        pg.jdbi().useHandle(h -> {
            h.execute("INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)"
                    + " SELECT timestamptz '2026-12-01 10:00Z' + s * interval '5 min', timestamptz '2026-12-01 10:01Z'"
                    + " + s * interval '5 min', 'ok', 'schedule', 'bench' FROM generate_series(0, 10) s");
            h.execute("INSERT INTO inventory_cluster_crawls SELECT s.id, 'c' || lpad(c::text, 2, '0'), 'proxmox', 'ok', NULL,"
                    + " s.started_at, s.finished_at, 60, '8.2.4', true FROM inventory_snapshots s, generate_series(0, 19) c");
            // guest i: cluster i % 20, node i / 20 % 20, vmid 100 + i / 400; the first 10,000 changed in snapshot 2 + i % 10
            String guest = "md5(i::text)::uuid, 'c' || lpad((i % 20)::text, 2, '0'), 'n' || lpad((i / 20 % 20)::text, 2, '0'),"
                    + " 100 + i / 400, 'qemu', 'vm-' || i, 'running', false, 2, 2147483648, 34359738368,"
                    + " ARRAY['BC:24:11:00:00:01'], timestamptz '2026-11-01 00:00Z'";
            String insert = "INSERT INTO inventory_instances (gantry_id, cluster, node, vmid, type, name, status, template,"
                    + " cpus, memory, disk, macs, booted_at, valid_from, valid_to) ";
            h.execute(insert + "SELECT " + guest + ", 1, NULL FROM generate_series(10000, 89999) i");
            h.execute(insert + "SELECT " + guest + ", 1, 2 + i % 10 FROM generate_series(0, 9999) i");
            h.execute(insert + "SELECT " + guest + ", 2 + i % 10, NULL FROM generate_series(0, 9999) i");
            h.execute("ANALYZE");
            System.out.println("instance versions: " + h.createQuery("SELECT count(*) FROM inventory_instances")
                    .mapTo(Long.class).one());
            for (Filter f : List.of(Filter.NONE, new Filter(Optional.of("c07"), Optional.empty(), Optional.empty(),
                    Optional.empty()))) {
                String sql = InventoryLists.instancePageSql(f, new InventoryLists.PageRequest(100, Optional.empty()));
                var q = h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql).bind("s", 11L).bind("limit", 101);
                f.bind(q);
                System.out.println("plan, " + f + ":\n" + String.join("\n", q.mapTo(String.class).list()));
            }
        });
        // pooled, as the server's own connections are: an unpooled connection per request would measure PostgreSQL's fork
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            BrowseApi api = new BrowseApi(Jdbi.create(pool), ClusterDirectory.of(List.of()));
            measure(api, "latest, first page of 100", "/api/v1/inventory/instances");
            measure(api, "latest, cluster=c07, first page", "/api/v1/inventory/instances?cluster=c07");
            measure(api, "at=6, first page of 100", "/api/v1/inventory/instances?at=6");
            String next = api.ok("/api/v1/inventory/instances?limit=1000").path("next").asText();
            measure(api, "latest, second page of 1000", "/api/v1/inventory/instances?limit=1000&after=" + next);
            measure(api, "diff 1 -> 11 (10,000 changed)", "/api/v1/inventory/diff?from=1&to=11");
        }
    }

    private static void measure(BrowseApi api, String what, String path) {
        for (int i = 0; i < 20; i++) {
            api.ok(path);
        }
        int runs = path.contains("diff") ? 30 : RUNS;
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            api.ok(path);
            micros.add((System.nanoTime() - start) / 1000);
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-36s runs %d  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", what, runs,
                sorted[runs / 2] / 1000.0, sorted[(int) Math.ceil(runs * 0.99) - 1] / 1000.0,
                Arrays.stream(sorted).max().orElse(0) / 1000.0);
    }
}
