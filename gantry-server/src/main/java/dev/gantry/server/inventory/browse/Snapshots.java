package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Reads {@code inventory_snapshots}: resolves a {@link SnapshotChoice} and lists the dates. */
final class Snapshots {
    static final String FINISHED = "status IN ('ok', 'partial')";
    private static final String COLUMNS = "id, started_at, finished_at, status";

    private Snapshots() {
    }

    /**
     * The snapshot {@code choice} names; 404 when there is none, 409 for a snapshot still running
     * (its rows are half written).
     */
    static InventorySnapshot resolve(Handle h, SnapshotChoice choice) {
        InventorySnapshot snapshot = find(h, choice).orElseThrow(() -> ApiException.notFound(switch (choice) {
            case SnapshotChoice.Latest l -> "no finished inventory snapshot yet";
            case SnapshotChoice.ById b -> "no inventory snapshot " + b.id();
            case SnapshotChoice.StartedBy t -> "no finished inventory snapshot started at or before " + t.time();
        }));
        if (snapshot.status().equals("running")) {
            throw ApiException.conflict("inventory snapshot " + snapshot.id() + " is still running");
        }
        return snapshot;
    }

    static Optional<InventorySnapshot> find(Handle h, SnapshotChoice choice) {
        return switch (choice) {
            case SnapshotChoice.Latest l -> h.createQuery("SELECT " + COLUMNS + " FROM inventory_snapshots WHERE "
                    + FINISHED + " ORDER BY started_at DESC, id DESC LIMIT 1").map((rs, ctx) -> row(rs)).findOne();
            case SnapshotChoice.ById b -> h.createQuery("SELECT " + COLUMNS + " FROM inventory_snapshots WHERE id = :id")
                    .bind("id", b.id()).map((rs, ctx) -> row(rs)).findOne();
            case SnapshotChoice.StartedBy t -> h.createQuery("SELECT " + COLUMNS + " FROM inventory_snapshots WHERE "
                            + FINISHED + " AND started_at <= :t ORDER BY started_at DESC, id DESC LIMIT 1")
                    .bind("t", Timestamp.from(t.time())).map((rs, ctx) -> row(rs)).findOne();
        };
    }

    /** Snapshots newest first, {@code before} an id when given; only finished ones when {@code finishedOnly}. */
    static List<InventorySnapshot> list(Handle h, Optional<Long> before, int limit, boolean finishedOnly) {
        String sql = "SELECT " + COLUMNS + " FROM inventory_snapshots WHERE true"
                + (finishedOnly ? " AND " + FINISHED : "") + (before.isPresent() ? " AND id < :before" : "")
                + " ORDER BY id DESC LIMIT :limit";
        var q = h.createQuery(sql).bind("limit", limit);
        before.ifPresent(b -> q.bind("before", b));
        return q.map((rs, ctx) -> row(rs)).list();
    }

    static InventorySnapshot row(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new InventorySnapshot(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("status"));
    }
}
