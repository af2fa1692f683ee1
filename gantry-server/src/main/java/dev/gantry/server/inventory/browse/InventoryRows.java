package dev.gantry.server.inventory.browse;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Maps inventory rows to their records. Every query selects {@code crawl_status} and
 * {@code crawl_error}, the row's cluster crawl in the snapshot asked for, which decides staleness.
 */
final class InventoryRows {
    /** The join that brings a row's cluster crawl in snapshot {@code :s} (table alias {@code t}). */
    static final String CRAWL_JOIN = " LEFT JOIN inventory_cluster_crawls c ON c.snapshot_id = :s AND c.cluster = t.cluster";
    static final String CRAWL_COLUMNS = ", c.status AS crawl_status, c.error AS crawl_error";

    /** Instance columns (alias {@code t}). */
    static final String INSTANCE_COLUMNS = "t.row_id, t.gantry_id, t.cluster, t.node, t.vmid, t.type, t.name, t.status,"
            + " t.template, t.cpus, t.memory, t.disk, t.macs, t.booted_at, t.valid_from, t.valid_to";

    private InventoryRows() {
    }

    /**
     * Rows of version table {@code table} (alias {@code t}) that hold in snapshot {@code :s}, followed
     * by a {@code WHERE} the caller extends with {@code AND}. Written as the union of the open rows and
     * the rows closed after {@code :s} rather than with an OR: each branch then has its own index (the
     * partial {@code …_current (cluster) WHERE valid_to IS NULL}, and {@code …_to}), and the planner
     * can merge them in key order and stop at the page's end instead of sorting the whole snapshot.
     */
    static String asOf(String table) {
        return " FROM (SELECT * FROM " + table + " WHERE valid_to IS NULL AND valid_from <= :s"
                + " UNION ALL SELECT * FROM " + table + " WHERE valid_to > :s AND valid_from <= :s) t" + CRAWL_JOIN
                + " WHERE true";
    }

    static InventoryNode node(ResultSet rs) throws SQLException {
        return new InventoryNode(rs.getString("cluster"), rs.getString("node"), rs.getString("status"),
                rs.getInt("cpus"), rs.getDouble("cpu_usage"), rs.getLong("memory_total"), rs.getLong("memory_used"),
                rs.getLong("disk_total"), rs.getLong("disk_used"), doubles(rs.getArray("load")), rs.getLong("uptime"),
                rs.getDouble("allocated_cpus"), rs.getLong("allocated_memory"), rs.getLong("allocated_disk"),
                rs.getInt("instance_count"), stale(rs), staleError(rs));
    }

    static InventoryStorage storage(ResultSet rs) throws SQLException {
        return new InventoryStorage(rs.getString("cluster"), rs.getString("node"), rs.getString("storage"),
                rs.getString("type"), strings(rs.getArray("content")), rs.getBoolean("shared"), rs.getBoolean("active"),
                rs.getLong("total"), rs.getLong("used"), rs.getLong("available"), stale(rs), staleError(rs));
    }

    /**
     * An instance with its uptime as of a snapshot that started at {@code snapshotStart} (null: unknown,
     * so no uptime); staleness only {@code withCrawl} (the query selected the crawl columns).
     */
    static InventoryInstance instance(ResultSet rs, Instant snapshotStart, boolean withCrawl) throws SQLException {
        Instant booted = instant(rs, "booted_at");
        Long uptime = booted == null || snapshotStart == null ? null : Math.max(0, Duration.between(booted, snapshotStart).toSeconds());
        return new InventoryInstance(rs.getObject("gantry_id", UUID.class), rs.getString("cluster"), rs.getString("node"),
                (Integer) rs.getObject("vmid"), rs.getString("type"), rs.getString("name"), rs.getString("status"),
                rs.getBoolean("template"), rs.getDouble("cpus"), rs.getLong("memory"), rs.getLong("disk"),
                strings(rs.getArray("macs")), uptime, booted, withCrawl && stale(rs), withCrawl ? staleError(rs) : null);
    }

    static InventoryDisk disk(ResultSet rs) throws SQLException {
        return new InventoryDisk(rs.getString("cluster"), rs.getString("node"), rs.getString("storage"),
                rs.getString("volid"), rs.getString("format"), rs.getLong("size"), (Integer) rs.getObject("vmid"),
                instant(rs, "created"), stale(rs), staleError(rs));
    }

    static boolean stale(ResultSet rs) throws SQLException {
        return "failed".equals(rs.getString("crawl_status"));
    }

    static String staleError(ResultSet rs) throws SQLException {
        return stale(rs) ? rs.getString("crawl_error") : null;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static List<Double> doubles(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Double[]) array.getArray()).toList();
    }
}
