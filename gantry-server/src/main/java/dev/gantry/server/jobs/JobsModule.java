package dev.gantry.server.jobs;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Reply;
import dev.gantry.server.TenantScope;
import dev.gantry.server.changes.ChangeFeed;
import dev.gantry.server.changes.ChangeStream;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/v1/jobs/{id}} and {@code /api/v1/tenants/{tenant}/jobs}: the records of long
 * operations. Scope {@code jobs:read}; a tenant's caller sees only its own tenant's jobs.
 */
public final class JobsModule implements ApiModule {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final JobQueue queue;

    public JobsModule(JobQueue queue) {
        this.queue = queue;
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String description() {
        return "Jobs: long operations run by the workers of every replica, with steps, progress and result";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/jobs/{id}").summary("Describe a job").returns(Job.class)
                .description("404 for a job of another tenant, as for one that does not exist.")
                .handle(req -> {
                    UUID id = uuid(req.param("id"));
                    Job job = queue.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
                    TenantScope.require(req.caller(), job.tenant(), "job " + id);
                    return job;
                });
        routes.get("/tenants/{tenant}/jobs").summary("List a tenant's jobs, newest first").returnsListOf(Job.class)
                .query("limit", Integer.class, "most jobs to return, 1 to " + MAX_LIMIT + "; default " + DEFAULT_LIMIT)
                .query("before", String.class, "a job id: continue with the jobs created before it")
                .query("watch", Boolean.class, "stream the tenant's job state changes as Server-Sent Events")
                .description("With `watch=true` the answer is a stream of Server-Sent Events instead: one per "
                        + "state change of a job of the tenant (`event` created when queued, updated when claimed, "
                        + "succeeded or failed; `id` the change's sequence number, for `Last-Event-ID`; `data` the "
                        + "job), from the change feed resources use, so every replica's jobs are seen.")
                .handle(req -> {
                    String tenant = req.param("tenant");
                    TenantScope.require(req.caller(), tenant, "tenant " + tenant);
                    if (req.flag("watch")) {
                        long after = ChangeFeed.startAfter(queue.jdbi(), req.header("Last-Event-ID"));
                        ChangeStream watch = new ChangeStream(queue.jdbi(), JobQueue.FEED_TYPE, Optional.of(tenant),
                                job -> true, ChangeStream.POLL);
                        return Reply.stream("text/event-stream", out -> watch.stream(after, out));
                    }
                    Optional<UUID> before = req.query("before").map(text -> {
                        try {
                            return UUID.fromString(text);
                        } catch (IllegalArgumentException e) {
                            throw ApiException.invalid("before", "uuid", "a job id", text);
                        }
                    });
                    return queue.list(tenant, before, req.intQuery("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT));
                });
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no job " + text);
        }
    }
}
