package dev.gantry.server.inventory;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads what the crawler compares a new crawl against: open versions and identities. */
final class InventoryStore {
    private final Jdbi jdbi;

    InventoryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Open instance versions: cluster → instance key → row. */
    Map<String, Map<String, Versions.Open<Versions.Instance>>> openInstances() {
        Map<String, Map<String, Versions.Open<Versions.Instance>>> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        select row_id, gantry_id, cluster, node, vmid, type, name, status, template, cpus, memory, disk,
                               macs, booted_at
                        from inventory_instances where valid_to is null""")
                .setFetchSize(10_000)
                .map((rs, ctx) -> new Versions.Open<>(rs.getLong("row_id"), new Versions.Instance(
                        rs.getObject("gantry_id", UUID.class), rs.getString("cluster"), rs.getString("node"),
                        optionalInt(rs, "vmid"), rs.getString("type"), rs.getString("name"), rs.getString("status"),
                        rs.getBoolean("template"), rs.getDouble("cpus"), rs.getLong("memory"), rs.getLong("disk"),
                        texts(rs.getArray("macs")), optionalTime(rs, "booted_at"))))
                .forEach(o -> out.computeIfAbsent(o.version().cluster(), c -> new HashMap<>()).put(o.version().key(), o)));
        return out;
    }

    /** Open disk versions: cluster → node/storage/volid → row. */
    Map<String, Map<String, Versions.Open<Versions.Disk>>> openDisks() {
        Map<String, Map<String, Versions.Open<Versions.Disk>>> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        select row_id, cluster, node, storage, volid, format, size, vmid, created
                        from inventory_disks where valid_to is null""")
                .setFetchSize(10_000)
                .map((rs, ctx) -> new Versions.Open<>(rs.getLong("row_id"), new Versions.Disk(rs.getString("cluster"),
                        rs.getString("node"), rs.getString("storage"), rs.getString("volid"), rs.getString("format"),
                        rs.getLong("size"), optionalInt(rs, "vmid"), optionalTime(rs, "created"))))
                .forEach(o -> out.computeIfAbsent(o.version().cluster(), c -> new HashMap<>()).put(o.version().key(), o)));
        return out;
    }

    List<Identity> liveIdentities() {
        return jdbi.withHandle(h -> h.createQuery("select * from inventory_identities where gone_in is null")
                .setFetchSize(10_000).map((rs, ctx) -> identity(rs)).list());
    }

    /** Identities by id, gone or not (for stamps naming an id no live instance holds). */
    List<Identity> identities(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select * from inventory_identities where gantry_id = any(:ids)")
                .bind("ids", ids.toArray(new UUID[0])).map((rs, ctx) -> identity(rs)).list());
    }

    /**
     * Writes changed identities: first those that are gone, so that a place they free can be taken
     * by another identity in the same crawl without tripping the one-live-identity-per-place index.
     */
    static void writeIdentities(Handle h, Collection<Identity> changed) {
        List<Identity> gone = changed.stream().filter(i -> !i.live()).toList();
        List<Identity> live = changed.stream().filter(Identity::live).toList();
        h.execute("create temporary table identities_in (like inventory_identities) on commit drop");
        for (List<Identity> part : List.of(gone, live)) {
            if (part.isEmpty()) {
                continue;
            }
            CopyRows rows = new CopyRows("identities_in",
                    "gantry_id, cluster, instance_key, stamped, checked_in, first_seen, cloned_from, gone_in");
            for (Identity i : part) {
                rows.text(i.id().toString()).text(i.cluster()).text(i.key()).bool(i.stamped())
                        .text(i.checkedIn().map(String::valueOf)).number(i.firstSeen())
                        .text(i.clonedFrom().map(UUID::toString)).text(i.goneIn().map(String::valueOf)).endRow();
            }
            rows.into(h);
            h.execute("""
                    insert into inventory_identities select * from identities_in
                    on conflict (gantry_id) do update set cluster = excluded.cluster, instance_key = excluded.instance_key,
                        stamped = excluded.stamped, checked_in = excluded.checked_in, cloned_from = excluded.cloned_from,
                        gone_in = excluded.gone_in""");
            h.execute("truncate identities_in");
        }
    }

    private static Identity identity(ResultSet rs) throws SQLException {
        return new Identity(rs.getObject("gantry_id", UUID.class), rs.getString("cluster"), rs.getString("instance_key"),
                rs.getBoolean("stamped"), optionalLong(rs, "checked_in"), rs.getLong("first_seen"),
                Optional.ofNullable(rs.getObject("cloned_from", UUID.class)), optionalLong(rs, "gone_in"));
    }

    static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static Optional<java.time.Instant> optionalTime(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
