package dev.gantry.server.inventory.browse;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The five kinds as of one snapshot. Nodes, storages and cluster crawls are stored whole per
 * snapshot (primary keys lead with {@code snapshot_id}); instances and disks are versions, read
 * "as of" the snapshot and paged by key.
 */
final class InventoryLists {
    static final Keyset INSTANCE_KEY = new Keyset(List.of(Keyset.text("t.cluster", "k_cluster"),
            Keyset.text("t.node", "k_node"), Keyset.number("COALESCE(t.vmid, 2147483647)", "k_vmid"),
            Keyset.text("t.name", "k_name"), Keyset.number("t.row_id", "k_row")));
    static final Keyset DISK_KEY = new Keyset(List.of(Keyset.text("t.cluster", "k_cluster"),
            Keyset.text("t.node", "k_node"), Keyset.text("t.storage", "k_storage"), Keyset.text("t.volid", "k_volid"),
            Keyset.number("t.row_id", "k_row")));

    private static final String INSTANCE_SELECT = "SELECT " + InventoryRows.INSTANCE_COLUMNS + InventoryRows.CRAWL_COLUMNS;

    /** A page request: at most {@code limit} rows after {@code after} (a key from {@link Keyset#parse}). */
    record PageRequest(int limit, Optional<List<Object>> after) {
    }

    private InventoryLists() {
    }

    /** Cluster crawls of the snapshot, by name; {@code groups} gives each cluster's registered groups. */
    static List<InventoryCluster> clusters(Handle h, InventorySnapshot s, Filter f,
                                           Function<String, List<String>> groups) {
        Query q = h.createQuery("SELECT t.* FROM inventory_cluster_crawls t WHERE t.snapshot_id = :s"
                + f.where("t") + " ORDER BY t.cluster").bind("s", s.id());
        f.bind(q);
        return q.map((rs, ctx) -> new InventoryCluster(rs.getString("cluster"), rs.getString("kind"),
                rs.getString("status"), rs.getString("error"), "failed".equals(rs.getString("status")),
                InventoryRows.instant(rs, "started_at"), InventoryRows.instant(rs, "finished_at"), rs.getInt("calls"),
                rs.getString("version"), (Boolean) rs.getObject("quorate"), groups.apply(rs.getString("cluster"))))
                .list();
    }

    static List<InventoryNode> nodes(Handle h, InventorySnapshot s, Filter f) {
        Query q = h.createQuery("SELECT t.*" + InventoryRows.CRAWL_COLUMNS + " FROM inventory_nodes t"
                + InventoryRows.CRAWL_JOIN + " WHERE t.snapshot_id = :s" + f.where("t")
                + " ORDER BY t.cluster, t.node").bind("s", s.id());
        f.bind(q);
        return q.map((rs, ctx) -> InventoryRows.node(rs)).list();
    }

    static List<InventoryStorage> storages(Handle h, InventorySnapshot s, Filter f) {
        Query q = h.createQuery("SELECT t.*" + InventoryRows.CRAWL_COLUMNS + " FROM inventory_storages t"
                + InventoryRows.CRAWL_JOIN + " WHERE t.snapshot_id = :s" + f.where("t")
                + " ORDER BY t.cluster, t.node, t.storage").bind("s", s.id());
        f.bind(q);
        return q.map((rs, ctx) -> InventoryRows.storage(rs)).list();
    }

    static InventoryPage<InventoryInstance> instances(Handle h, InventorySnapshot s, Filter f, PageRequest page) {
        return page(h, s, f, page, INSTANCE_KEY, INSTANCE_SELECT, "inventory_instances", (rs) -> InventoryRows.instance(rs, s.startedAt(), true));
    }

    static InventoryPage<InventoryDisk> disks(Handle h, InventorySnapshot s, Filter f, PageRequest page) {
        return page(h, s, f, page, DISK_KEY, "SELECT t.*" + InventoryRows.CRAWL_COLUMNS, "inventory_disks",
                InventoryRows::disk);
    }

    /**
     * One page of version table {@code table} as of {@code :s}: at most {@code :limit} rows after the
     * cursor, in key order (one row more than the page, to know whether another follows).
     */
    static String pageSql(String select, String table, Keyset key, Filter f, PageRequest page) {
        return select + key.select() + InventoryRows.asOf(table) + f.where("t") + key.after(page.after())
                + key.orderBy() + " LIMIT :limit";
    }

    /** {@link #pageSql} for instances, with the columns the API returns. */
    static String instancePageSql(Filter f, PageRequest page) {
        return pageSql(INSTANCE_SELECT, "inventory_instances", INSTANCE_KEY, f, page);
    }

    private record Keyed<T>(T item, String cursor) {
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    private static <T> InventoryPage<T> page(Handle h, InventorySnapshot s, Filter f, PageRequest page, Keyset key,
                                             String select, String table, RowMapper<T> mapper) {
        Query q = h.createQuery(pageSql(select, table, key, f, page)).bind("s", s.id()).bind("limit", page.limit() + 1);
        f.bind(q);
        key.bind(q, page.after());
        List<Keyed<T>> rows = q.map((rs, ctx) -> new Keyed<>(mapper.map(rs), key.cursor(rs))).list();
        boolean more = rows.size() > page.limit();
        List<Keyed<T>> shown = more ? rows.subList(0, page.limit()) : rows;
        return new InventoryPage<>(s, shown.stream().map(Keyed::item).toList(), more ? shown.getLast().cursor() : null);
    }
}
