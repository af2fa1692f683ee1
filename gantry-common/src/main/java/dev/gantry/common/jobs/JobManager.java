package dev.gantry.common.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Problem;
import dev.gantry.common.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on virtual threads and keeps their records in a {@link JobStore}, publishing each change
 * as a {@code job} event. Finished jobs beyond {@code retain} are pruned, oldest first.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    static final String RESTART_REASON = "the agent stopped while this job was running";

    private final JobStore store;
    private final EventBus bus;
    private final Clock clock;
    private final int retain;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gantry-job-", 0).factory());
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    public JobManager(JobStore store, EventBus bus, Clock clock, int retain) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
        this.retain = retain;
    }

    /** Marks jobs left running or queued by a previous process as failed; call once at start. */
    public int recover() {
        int n = 0;
        for (Job job : store.list()) {
            if (!job.state().finished()) {
                store.save(job.ended(Job.State.FAILED, agentStopped(), clock.instant()));
                n++;
            }
        }
        if (n > 0) {
            LOG.warn("{} job(s) were running when the agent last stopped; marked failed", n);
        }
        return n;
    }

    public Job submit(String kind, String description, String owner, JobTask task) {
        Job job = new Job(UUID.randomUUID().toString(), kind, description, Job.State.QUEUED, 0, "queued", owner,
                clock.instant(), null, null, null, null);
        update(job);
        prune();
        synchronized (lock) {
            running.put(job.id(), executor.submit(() -> run(job.id(), task)));
        }
        return job;
    }

    private void run(String id, JobTask task) {
        transition(id, j -> j.withState(Job.State.RUNNING, clock.instant()));
        Context context = new Context(id);
        try {
            Object value = task.run(context);
            JsonNode result = value == null ? null : Json.mapper().valueToTree(value);
            transition(id, j -> j.succeeded(result, clock.instant()));
        } catch (InterruptedException e) {
            transition(id, j -> j.ended(Job.State.CANCELLED, cancelled(), clock.instant()));
        } catch (JobFailedException e) {
            JsonNode kept = e.result() == null ? null : Json.mapper().valueToTree(e.result());
            transition(id, j -> j.ended(Job.State.FAILED, e.toProblem("/api/v1/jobs/" + id), clock.instant())
                    .withResult(kept));
        } catch (ApiException e) {
            transition(id, j -> j.ended(Job.State.FAILED, e.toProblem("/api/v1/jobs/" + id), clock.instant()));
        } catch (Exception e) {
            LOG.error("job {} failed", id, e);
            transition(id, j -> j.ended(Job.State.FAILED,
                    problem(500, "job-failed", "Job failed", String.valueOf(e.getMessage())), clock.instant()));
        } finally {
            running.remove(id);
        }
    }

    private static Problem problem(int status, String slug, String title, String detail) {
        return new ApiException(status, slug, title, detail).toProblem(null);
    }

    private static Problem agentStopped() {
        return problem(500, "interrupted", "Job interrupted", RESTART_REASON);
    }

    private static Problem cancelled() {
        return problem(409, "cancelled", "Job cancelled", "the job was cancelled");
    }

    private void transition(String id, java.util.function.UnaryOperator<Job> change) {
        synchronized (lock) {
            store.find(id).ifPresent(job -> {
                if (!job.state().finished()) {
                    update(change.apply(job));
                }
            });
        }
    }

    private void update(Job job) {
        store.save(job);
        bus.publish("job", job);
    }

    public Optional<Job> get(String id) {
        return store.find(id);
    }

    public List<Job> list() {
        return store.list();
    }

    /** Cancels a queued or running job; a finished one is a 409. */
    public Job cancel(String id) {
        Job job = store.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
        if (job.state().finished()) {
            throw ApiException.conflict("job " + id + " already " + job.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        Future<?> future = running.get(id);
        if (future != null) {
            future.cancel(true);
        }
        transition(id, j -> j.ended(Job.State.CANCELLED, cancelled(), clock.instant()));
        return store.find(id).orElseThrow();
    }

    /** Waits up to {@code timeout} for the job to finish and returns it as it then stands. */
    public Job await(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (EventBus.Subscription events = bus.subscribe(e -> e.data() instanceof Job j && j.id().equals(id), 0)) {
            while (true) {
                Job job = store.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
                long left = deadline - System.nanoTime();
                if (job.state().finished() || left <= 0) {
                    return job;
                }
                try {
                    events.next(Math.min(left / 1_000_000 + 1, 1000));
                } catch (EventBus.Overflow e) {
                    // missed events: the loop re-reads the store
                } catch (EventBus.Ended e) {
                    // the agent is stopping: the job's record is all there is
                    return store.find(id).orElseThrow();
                }
            }
        }
    }

    private void prune() {
        List<Job> finished = store.list().stream().filter(j -> j.state().finished()).toList();
        for (int i = retain; i < finished.size(); i++) {
            store.delete(finished.get(i).id());
        }
    }

    /**
     * Stops: running jobs are recorded as failed because the agent stopped (not as cancelled, which
     * only a caller does), then interrupted.
     */
    @Override
    public void close() {
        for (String id : List.copyOf(running.keySet())) {
            transition(id, j -> j.ended(Job.State.FAILED, agentStopped(), clock.instant()));
        }
        executor.shutdownNow();
    }

    private final class Context implements JobContext {
        private final String id;

        Context(String id) {
            this.id = id;
        }

        @Override
        public void progress(int percent, String message) {
            int clamped = Math.max(0, Math.min(100, percent));
            transition(id, j -> j.withProgress(clamped, message));
        }

        @Override
        public String jobId() {
            return id;
        }
    }
}
