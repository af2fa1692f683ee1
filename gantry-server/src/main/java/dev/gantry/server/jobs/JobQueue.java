package dev.gantry.server.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import dev.gantry.server.changes.ChangeFeed;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The {@code jobs} table as a queue shared by every replica. Claims use {@code FOR UPDATE SKIP
 * LOCKED}, so two workers never take one job; a claim holds a lease the worker renews, and every
 * later write of that worker is fenced by (worker, attempt), so a worker that lost its lease cannot
 * overwrite the work of the one that took the job over. Lease times are the database's clock
 * ({@code clock_timestamp()}), the one clock all replicas share.
 */
public final class JobQueue {
    private static final TypeReference<List<Job.Step>> STEPS = new TypeReference<>() {
    };
    static final String COLUMNS = """
            id, kind, tenant, description, state, steps::text AS steps, progress, message, result::text AS result,
            error, attempts, max_attempts, resource_type, resource_id, created_by, created_at, started_at,
            finished_at, input::text AS input, worker""";

    /** The type jobs' changes have in the change feed. */
    static final String FEED_TYPE = "jobs";

    private final Jdbi jdbi;
    private final JobsConfig config;
    private final Clock clock;
    private final Doorbell doorbell = new Doorbell();

    public JobQueue(Jdbi jdbi, JobsConfig config, Clock clock) {
        this.jdbi = jdbi;
        this.config = config;
        this.clock = clock;
    }

    /** Queues {@code job} in its own transaction. */
    public Job submit(NewJob job) {
        return jdbi.inTransaction(h -> submit(h, job));
    }

    /** Queues {@code job} in {@code handle}'s transaction: it exists exactly when the caller's other writes commit. */
    public Job submit(Handle handle, NewJob job) {
        Job queued = handle.inTransaction(h -> publish(h, "created", insert(h, job)));
        // A worker woken before the commit would find nothing and sleep a whole poll.
        if (handle.isInTransaction()) {
            handle.afterCommit(doorbell::ring);
        } else {
            doorbell.ring();
        }
        return queued;
    }

    Doorbell doorbell() {
        return doorbell;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Appends a state change of {@code job} to the change feed in {@code h}'s transaction, as resources
     * append theirs: {@code GET /tenants/{tenant}/jobs?watch=true} streams it, from any replica.
     */
    private Job publish(Handle h, String action, Job job) {
        ChangeFeed.append(h, job.tenant(), FEED_TYPE, job.id(), action, job, clock.instant());
        return job;
    }

    private Job insert(Handle handle, NewJob job) {
        Instant now = clock.instant();
        return handle.createQuery("""
                        INSERT INTO jobs (id, tenant, kind, description, resource_type, resource_id, input, max_attempts,
                                          created_by, created_at, updated_at)
                        VALUES (:id, :tenant, :kind, :description, :resourceType, CAST(:resourceId AS uuid), CAST(:input AS jsonb),
                                :maxAttempts, :createdBy, :now, :now)
                        RETURNING\s""" + COLUMNS)
                .bind("id", UUID.randomUUID())
                .bind("tenant", job.tenant())
                .bind("kind", job.kind())
                .bind("description", job.description() == null ? "" : job.description())
                .bind("resourceType", job.resourceType())
                .bind("resourceId", job.resourceId() == null ? null : job.resourceId().toString())
                .bind("input", Json.text(job.input() == null ? java.util.Map.of() : job.input()))
                .bind("maxAttempts", config.maxAttempts())
                .bind("createdBy", job.createdBy())
                .bind("now", now)
                .map((rs, ctx) -> job(rs)).one();
    }

    public Optional<Job> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> job(rs)).findOne());
    }

    /** A tenant's jobs, newest first; {@code before} (a job id) continues a previous page. */
    public List<Job> list(String tenant, Optional<UUID> before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " " + """
                         FROM jobs WHERE tenant = :tenant
                         AND (CAST(:before AS uuid) IS NULL OR (created_at, id) <
                              (SELECT created_at, id FROM jobs WHERE id = CAST(:before AS uuid)))
                         ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .bind("tenant", tenant)
                .bind("before", before.map(UUID::toString).orElse(null))
                .bind("limit", limit)
                .map((rs, ctx) -> job(rs)).list());
    }

    /** A job a worker holds: fenced writes name the worker and the attempt. */
    record Claim(Job job, String worker, JsonNode input) {
        int attempt() {
            return job.attempts();
        }
    }

    /**
     * Takes the oldest job of one of {@code kinds} that is queued, or running under a lease that ran
     * out with attempts left; empty when there is none.
     */
    Optional<Claim> claim(String worker, Collection<String> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> h.createQuery("""
                        UPDATE jobs SET
                            state = 'running',
                            attempts = attempts + 1,
                            worker = :worker,
                            lease_expires_at = clock_timestamp() + CAST(:leaseMillis AS bigint) * interval '1 millisecond',
                            started_at = coalesce(started_at, :now),
                            message = CASE WHEN state = 'running' THEN 'retrying: worker ' || worker || ' was lost'
                                           ELSE message END,
                            updated_at = :now
                        WHERE id = (SELECT id FROM jobs
                                    WHERE state IN ('queued', 'running') AND kind = ANY(:kinds)
                                      AND (state = 'queued' OR (lease_expires_at < clock_timestamp() AND attempts < max_attempts))
                                    ORDER BY created_at
                                    FOR UPDATE SKIP LOCKED
                                    LIMIT 1)
                        RETURNING\s""" + COLUMNS)
                .bind("worker", worker)
                .bind("leaseMillis", config.lease().toMillis())
                .bind("now", now)
                .bindArray("kinds", String.class, List.copyOf(kinds))
                .map((rs, ctx) -> new Claim(job(rs), worker, readTree(rs.getString("input"))))
                .findOne()
                .map(claim -> {
                    publish(h, "updated", claim.job());
                    return claim;
                }));
    }

    /**
     * Fails every running job whose lease ran out and has no attempts left; returns how many. Any
     * replica may run this at any time: the update is its own guard.
     */
    int failExhausted() {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> h.createQuery("""
                        UPDATE jobs SET state = 'failed', finished_at = :now, updated_at = :now, lease_expires_at = NULL,
                            error = 'its worker was lost ' || attempts || ' times (last: ' || worker || '); giving up'
                        WHERE state = 'running' AND lease_expires_at < clock_timestamp() AND attempts >= max_attempts
                        RETURNING\s""" + COLUMNS)
                .bind("now", now).map((rs, ctx) -> job(rs)).list()
                .stream().map(job -> publish(h, "updated", job)).toList().size());
    }

    /** Extends the lease; false when it was already lost. */
    boolean renew(Claim claim) {
        return fenced(claim, "lease_expires_at = clock_timestamp() + CAST(:leaseMillis AS bigint) * interval '1 millisecond'",
                u -> u.bind("leaseMillis", config.lease().toMillis()));
    }

    boolean report(Claim claim, List<Job.Step> steps, int progress, String message) {
        return fenced(claim, "steps = CAST(:steps AS jsonb), progress = :progress, message = :message, updated_at = :now",
                u -> u.bind("steps", Json.text(steps)).bind("progress", progress).bind("message", message)
                        .bind("now", clock.instant()));
    }

    boolean succeed(Claim claim, List<Job.Step> steps, Object result) {
        return finish(claim, """
                        state = 'succeeded', steps = CAST(:steps AS jsonb), progress = 100, result = CAST(:result AS jsonb),
                        finished_at = :now, updated_at = :now, lease_expires_at = NULL""",
                u -> u.bind("steps", Json.text(steps)).bind("result", result == null ? null : Json.text(result))
                        .bind("now", clock.instant()));
    }

    boolean fail(Claim claim, List<Job.Step> steps, String error) {
        return finish(claim, """
                        state = 'failed', steps = CAST(:steps AS jsonb), error = :error,
                        finished_at = :now, updated_at = :now, lease_expires_at = NULL""",
                u -> u.bind("steps", Json.text(steps)).bind("error", error).bind("now", clock.instant()));
    }

    private static final String FENCE = " WHERE id = :id AND worker = :worker AND attempts = :attempt AND state = 'running'";

    private boolean fenced(Claim claim, String set, Consumer<SqlStatement<?>> binder) {
        return jdbi.withHandle(h -> {
            var update = h.createUpdate("UPDATE jobs SET " + set + FENCE);
            bindFence(update, claim);
            binder.accept(update);
            return update.execute() == 1;
        });
    }

    /** A fenced write that ends the job, and its change in the feed, in one transaction. */
    private boolean finish(Claim claim, String set, Consumer<SqlStatement<?>> binder) {
        return jdbi.inTransaction(h -> {
            var update = h.createQuery("UPDATE jobs SET " + set + FENCE + " RETURNING " + COLUMNS);
            bindFence(update, claim);
            binder.accept(update);
            return update.map((rs, ctx) -> job(rs)).findOne().map(job -> publish(h, "updated", job)).isPresent();
        });
    }

    private static void bindFence(SqlStatement<?> statement, Claim claim) {
        statement.bind("id", claim.job().id()).bind("worker", claim.worker()).bind("attempt", claim.attempt());
    }

    static Job job(ResultSet rs) throws SQLException {
        List<Job.Step> steps;
        try {
            steps = Json.mapper().readValue(rs.getString("steps"), STEPS);
        } catch (IOException e) {
            throw new SQLException("job " + rs.getString("id") + ": unreadable steps", e);
        }
        String result = rs.getString("result");
        return new Job(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("tenant"),
                rs.getString("description"), Job.State.ofSql(rs.getString("state")), steps, rs.getInt("progress"),
                rs.getString("message"), result == null ? null : readTree(result), rs.getString("error"),
                rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("resource_type"),
                rs.getObject("resource_id", UUID.class), rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static JsonNode readTree(String json) throws SQLException {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new SQLException("unreadable JSON in jobs", e);
        }
    }
}
