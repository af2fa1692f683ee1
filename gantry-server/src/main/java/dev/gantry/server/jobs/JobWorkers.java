package dev.gantry.server.jobs;

import dev.gantry.common.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's workers: {@code workers} virtual threads, each claiming one job at a time from the
 * shared {@link JobQueue} and running it with the handler of its kind, while a scheduler renews its
 * lease every third of the lease time. A worker only claims kinds it has a handler for, so replicas
 * of different builds share one queue safely.
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);
    /** How long an idle worker waits before looking for work again. */
    static final Duration POLL = Duration.ofMillis(200);
    /** How long close() lets running jobs finish before it interrupts them. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers;
    private final JobsConfig config;
    private final Clock clock;
    private final String name;
    private final ScheduledExecutorService leases;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    /** Set by {@link #halt()}: the process is as good as dead and writes nothing more. */
    private volatile boolean halted;

    private JobWorkers(JobQueue queue, Map<String, JobHandler> handlers, JobsConfig config, Clock clock, String name) {
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.config = config;
        this.clock = clock;
        this.name = name;
        this.leases = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name + "-leases").daemon().factory());
    }

    /** Starts {@code config.workers()} workers named {@code name-0}, {@code name-1}, … */
    public static JobWorkers start(JobQueue queue, Map<String, JobHandler> handlers, JobsConfig config, Clock clock,
                                   String name) {
        JobWorkers workers = new JobWorkers(queue, handlers, config, clock, name);
        for (int i = 0; i < config.workers(); i++) {
            String worker = name + "-" + i;
            workers.threads.add(Thread.ofVirtual().name(worker).start(() -> workers.loop(worker)));
        }
        return workers;
    }

    private void loop(String worker) {
        while (!stopping) {
            try {
                queue.failExhausted();
                Optional<JobQueue.Claim> claim = queue.claim(worker, handlers.keySet());
                if (claim.isPresent()) {
                    run(claim.get());
                } else {
                    Thread.sleep(POLL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                // The database may be briefly away; the job, if any, keeps its lease state and is retried.
                LOG.warn("{}: {}", worker, e.toString());
                try {
                    Thread.sleep(POLL.multipliedBy(5));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void run(JobQueue.Claim claim) {
        Thread self = Thread.currentThread();
        Job job = claim.job();
        RunningJob run = new RunningJob(queue, claim, clock);
        long every = Math.max(1, config.lease().toMillis() / 3);
        ScheduledFuture<?> heartbeat = leases.scheduleAtFixedRate(() -> {
            try {
                if (!halted && !queue.renew(claim)) {
                    run.leaseLost();
                    self.interrupt();
                }
            } catch (RuntimeException e) {
                LOG.warn("job {}: lease renewal failed: {}", job.id(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.debug("{} runs job {} ({}), attempt {}", claim.worker(), job.id(), job.kind(), claim.attempt());
        try {
            Object result = handlers.get(job.kind()).run(run);
            heartbeat.cancel(false);
            if (halted) {
                return;
            }
            if (!queue.succeed(claim, run.stepsEnding(Job.StepState.DONE), result == null ? null : Json.mapper().valueToTree(result))) {
                LOG.warn("job {} finished after its lease was lost; its result is dropped", job.id());
            }
        } catch (Exception e) {
            heartbeat.cancel(false);
            if (halted) {
                return;
            }
            if (run.isLeaseLost()) {
                LOG.warn("job {}: lost to another worker ({})", job.id(), e.toString());
                return;
            }
            if (e instanceof InterruptedException && stopping) {
                // Shut down mid-job: its lease runs out and a worker of another (or the next) replica retries it.
                Thread.currentThread().interrupt();
                return;
            }
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            LOG.info("job {} ({}) failed: {}", job.id(), job.kind(), why);
            queue.fail(claim, run.stepsEnding(Job.StepState.FAILED), why);
        } finally {
            heartbeat.cancel(false);
            Thread.interrupted();
        }
    }

    /**
     * Stops claiming, lets running jobs finish for {@link #STOP_GRACE}, then interrupts them: a job
     * cut short keeps its lease until it runs out and is then retried elsewhere.
     */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        }
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(1));
        }
        leases.shutdownNow();
    }

    /**
     * Stops at once as a crash would: no lease renewed, no job's state written. Tests use it to lose
     * a worker; the jobs it held are retried once their leases run out.
     */
    void halt() throws InterruptedException {
        halted = true;
        stopping = true;
        leases.shutdownNow();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(5));
        }
    }
}
