package dev.gantry.server.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The change feed ({@code resource_changes}) that {@code ?watch=true} streams: every write of a
 * resource, and every state change of a job, appended in the writer's transaction. It lives in
 * PostgreSQL, so a watcher connected to any replica sees the writes of every replica.
 *
 * <p>Order: a change is numbered when its transaction commits, by a deferred trigger that takes one
 * advisory lock for the rest of the commit (migration V35). So sequence order is commit order, and a
 * reader that saw seq n has seen every change below n: none is skipped for committing late. The
 * lock is held inside PostgreSQL only, never across a round trip to a replica.
 */
public final class ChangeFeed {
    /** One change as a watcher receives it. */
    public record Change(long seq, String action, JsonNode subject, Instant at) {
    }

    private ChangeFeed() {
    }

    /**
     * Appends a change of {@code subject} (what the watcher receives: the resource, the job) in
     * {@code h}'s transaction; {@code tenant} null for global things.
     */
    public static void append(Handle h, String tenant, String type, UUID id, String action, Object subject,
                              Instant at) {
        h.createUpdate("INSERT INTO resource_changes (tenant, type, resource_id, action, resource, at) "
                        + "VALUES (:tenant, :type, :id, :action, CAST(:subject AS jsonb), :at)")
                .bind("tenant", tenant).bind("type", type).bind("id", id).bind("action", action)
                .bind("subject", Json.text(subject)).bind("at", Timestamp.from(at))
                .execute();
    }

    /** Where a new watcher starts: after {@code Last-Event-ID} when it sent a number, else after the newest change. */
    public static long startAfter(Jdbi jdbi, Optional<String> lastEventId) {
        return lastEventId.flatMap(ChangeFeed::seq).orElseGet(() -> jdbi.withHandle(h -> h.createQuery(
                "SELECT coalesce(max(seq), 0) FROM resource_changes").mapTo(Long.class).one()));
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

    private static Optional<Long> seq(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
