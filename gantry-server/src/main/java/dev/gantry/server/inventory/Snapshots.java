package dev.gantry.server.inventory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The rows of {@code inventory_snapshots} and the crawl view the API returns. */
public final class Snapshots {
    private final Jdbi jdbi;

    Snapshots(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A crawl as {@code GET /api/v1/inventory/crawls/{id}} shows it.
     *
     * @param status     running, ok (every cluster read), partial (some failed), failed (all failed, or the crawl broke)
     * @param finishedAt absent while running
     */
    public record Crawl(long id, String status, String trigger, String replica, Instant startedAt, Instant finishedAt,
                        List<ClusterResult> clusters) {
        public Crawl {
            clusters = List.copyOf(clusters);
        }
    }

    /**
     * One cluster in a crawl, with what the snapshot holds for it.
     *
     * @param error     why the cluster could not be read (absent when ok); its last known instances and disks are kept
     * @param calls     HTTP calls the read made
     * @param instances instances as of this snapshot (for a failed cluster: the last known ones)
     */
    public record ClusterResult(String cluster, String kind, String status, String error, Instant startedAt,
                                Instant finishedAt, int calls, String version, Boolean quorate, int nodes, int storages,
                                int instances, int disks) {
    }

    long begin(Handle h, Instant startedAt, String trigger, String replica) {
        // Holding the crawl lock, any crawl still marked running was left by a replica that stopped mid-crawl.
        h.createUpdate("update inventory_snapshots set status = 'failed', finished_at = :now where status = 'running'")
                .bind("now", startedAt).execute();
        return h.createQuery("""
                        insert into inventory_snapshots (started_at, status, trigger, replica)
                        values (:at, 'running', :trigger, :replica) returning id""")
                .bind("at", startedAt).bind("trigger", trigger).bind("replica", replica).mapTo(Long.class).one();
    }

    static void finish(Handle h, long id, String status, Instant at) {
        h.createUpdate("update inventory_snapshots set status = :status, finished_at = :at where id = :id")
                .bind("status", status).bind("at", at).bind("id", id).execute();
    }

    void finish(long id, String status, Instant at) {
        jdbi.useHandle(h -> finish(h, id, status, at));
    }

    Optional<Crawl> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("select * from inventory_snapshots where id = :id").bind("id", id)
                .map((rs, ctx) -> new Crawl(rs.getLong("id"), rs.getString("status"), rs.getString("trigger"),
                        rs.getString("replica"), rs.getTimestamp("started_at").toInstant(),
                        InventoryStore.optionalTime(rs, "finished_at").orElse(null), clusters(h, id)))
                .findOne());
    }

    /** Counts per cluster in four grouped queries (not one per cluster: an as-of count scans the versions). */
    private static List<ClusterResult> clusters(Handle h, long id) {
        Map<String, Integer> nodes = counts(h, "select cluster, count(*) from inventory_nodes where snapshot_id = :s group by cluster", id);
        Map<String, Integer> storages = counts(h, "select cluster, count(*) from inventory_storages where snapshot_id = :s group by cluster", id);
        Map<String, Integer> instances = counts(h, """
                select cluster, count(*) from inventory_instances
                where valid_from <= :s and (valid_to is null or valid_to > :s) group by cluster""", id);
        Map<String, Integer> disks = counts(h, """
                select cluster, count(*) from inventory_disks
                where valid_from <= :s and (valid_to is null or valid_to > :s) group by cluster""", id);
        return h.createQuery("select * from inventory_cluster_crawls where snapshot_id = :id order by cluster")
                .bind("id", id)
                .map((rs, ctx) -> {
                    String c = rs.getString("cluster");
                    return new ClusterResult(c, rs.getString("kind"), rs.getString("status"),
                            rs.getString("error"), rs.getTimestamp("started_at").toInstant(),
                            rs.getTimestamp("finished_at").toInstant(), rs.getInt("calls"), rs.getString("version"),
                            (Boolean) rs.getObject("quorate"), nodes.getOrDefault(c, 0), storages.getOrDefault(c, 0),
                            instances.getOrDefault(c, 0), disks.getOrDefault(c, 0));
                })
                .list();
    }

    private static Map<String, Integer> counts(Handle h, String sql, long snapshot) {
        Map<String, Integer> out = new HashMap<>();
        h.createQuery(sql).bind("s", snapshot).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
