package dev.gantry.server.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code resource_changes} feed that {@code ?watch=true} streams. It lives in PostgreSQL, so a
 * watcher connected to any replica sees the writes of every replica.
 */
final class ChangeLog {
    // Sequence numbers are taken in the writing transaction but become visible at commit, so without
    // this lock a reader could see seq 7 before seq 6 commits and skip 6. Holding one transaction-scoped
    // advisory lock from the append to the commit makes the order of seq the order of commits.
    private static final long APPEND_LOCK = 0x67616e7472794cL;

    /** One change as a watcher receives it. */
    record Change(long seq, String action, JsonNode resource, Instant at) {
    }

    private ChangeLog() {
    }

    static void append(Handle h, String action, Resource<?> resource, Instant at) {
        // One statement: the lock is taken (in the subquery) before the row's seq is drawn.
        h.createUpdate("INSERT INTO resource_changes (tenant, type, resource_id, action, resource, at) "
                        + "SELECT :tenant, :type, :id, :action, CAST(:resource AS jsonb), :at "
                        + "FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                .bind("key", APPEND_LOCK)
                .bind("tenant", resource.tenant()).bind("type", resource.type()).bind("id", resource.id())
                .bind("action", action).bind("resource", Json.text(resource)).bind("at", Timestamp.from(at))
                .execute();
    }

    /** The highest seq so far: where a new watcher starts. */
    static long last(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(max(seq), 0) FROM resource_changes")
                .mapTo(Long.class).one());
    }

    /** Up to {@code limit} changes of one type in one tenant (empty: global) after {@code seq}. */
    static List<Change> after(Jdbi jdbi, String type, Optional<String> tenant, long seq, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seq, action, resource, at FROM resource_changes "
                        + "WHERE type = :type AND " + (tenant.isPresent() ? "tenant = :tenant" : "tenant IS NULL")
                        + " AND seq > :seq ORDER BY seq LIMIT :limit")
                .bind("type", type).bind("tenant", tenant.orElse(null)).bind("seq", seq).bind("limit", limit)
                .map((rs, ctx) -> new Change(rs.getLong("seq"), rs.getString("action"),
                        tree(rs.getString("resource")), rs.getTimestamp("at").toInstant()))
                .list());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
