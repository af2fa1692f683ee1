package dev.gantry.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job queue on a real PostgreSQL, workers of several "replicas" sharing it. */
class JobQueueTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static final JobsConfig SHORT_LEASE = new JobsConfig(2, Duration.ofMillis(900), 3);
    private final Clock clock = Clock.systemUTC();
    private Jdbi jdbi;
    private JobQueue queue;

    @BeforeEach
    void setUp() {
        jdbi = pg.jdbi();
        jdbi.useHandle(h -> h.execute("CREATE TABLE runs (job uuid NOT NULL, worker text NOT NULL, attempt int NOT NULL)"));
        queue = new JobQueue(jdbi, SHORT_LEASE, clock);
    }

    /** Records each run in the runs table, in the same database, so the test counts real executions. */
    private JobHandler recording() {
        return run -> {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO runs VALUES (:job, :worker, :attempt)")
                    .bind("job", run.jobId()).bind("worker", Thread.currentThread().getName())
                    .bind("attempt", run.attempt()).execute());
            run.step("work");
            run.progress(50, "half way");
            return Map.of("echo", run.input().path("n").asInt());
        };
    }

    @Test
    void oneQueuedJobClaimedByManyWorkersAtOnceGoesToExactlyOne() throws Exception {
        Job job = queue.submit(NewJob.of("test.echo", "acme", Map.of("n", 1)));
        int claimers = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<JobQueue.Claim>>> claims = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(claimers)) {
            for (int i = 0; i < claimers; i++) {
                String worker = "w" + i;
                claims.add(pool.submit(() -> {
                    go.await();
                    return queue.claim(worker, List.of("test.echo"));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<JobQueue.Claim>> f : claims) {
                won += f.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        assertThat(row(job.id())).containsEntry("state", "running").containsEntry("attempts", 1);
    }

    @Test
    void jobsSharedByTwoReplicasEachRunExactlyOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(queue.submit(NewJob.of("test.echo", "acme", Map.of("n", i))).id());
        }
        try (JobWorkers a = JobWorkers.start(queue, Map.of("test.echo", recording()), SHORT_LEASE, clock, "replica-a");
             JobWorkers b = JobWorkers.start(new JobQueue(jdbi, SHORT_LEASE, clock), Map.of("test.echo", recording()),
                     SHORT_LEASE, clock, "replica-b")) {
            await(() -> count("SELECT count(*) FROM jobs WHERE state = 'succeeded'") == 40);
        }
        assertThat(count("SELECT count(*) FROM runs")).isEqualTo(40);
        assertThat(count("SELECT count(DISTINCT job) FROM runs")).isEqualTo(40);
        assertThat(count("SELECT count(*) FROM jobs WHERE attempts <> 1")).isZero();
        Job one = queue.find(ids.get(7)).orElseThrow();
        assertThat(one.result().path("echo").asInt()).isEqualTo(7);
        assertThat(one.progress()).isEqualTo(100);
        assertThat(one.steps()).extracting(Job.Step::name, Job.Step::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("work", Job.StepState.DONE));
    }

    @Test
    void aJobOfAWorkerThatDiedIsRetriedByAnotherOnceItsLeaseRunsOut() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        JobHandler hangs = run -> {
            run.step("first try");
            started.countDown();
            Thread.sleep(Long.MAX_VALUE);
            return null;
        };
        Job job = queue.submit(NewJob.of("test.echo", "acme", Map.of("n", 5)));
        JobWorkers dying = JobWorkers.start(queue, Map.of("test.echo", hangs), SHORT_LEASE, clock, "dying");
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        dying.halt();
        assertThat(row(job.id())).containsEntry("state", "running").containsEntry("attempts", 1);

        try (JobWorkers survivor = JobWorkers.start(queue, Map.of("test.echo", recording()), SHORT_LEASE, clock, "survivor")) {
            await(() -> "succeeded".equals(row(job.id()).get("state")));
        }
        Job done = queue.find(job.id()).orElseThrow();
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.result().path("echo").asInt()).isEqualTo(5);
        assertThat(row(job.id()).get("worker").toString()).startsWith("survivor-");
        assertThat(count("SELECT count(*) FROM runs WHERE attempt = 2 AND worker LIKE 'survivor-%'")).isEqualTo(1);
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsAfterMaxAttempts() throws Exception {
        JobsConfig once = new JobsConfig(1, Duration.ofMillis(300), 1);
        JobQueue q = new JobQueue(jdbi, once, clock);
        Job job = q.submit(NewJob.of("test.echo", null, Map.of()));
        assertThat(q.claim("crashes", List.of("test.echo"))).isPresent();

        try (JobWorkers other = JobWorkers.start(q, Map.of("test.echo", recording()), once, clock, "other")) {
            await(() -> "failed".equals(row(job.id()).get("state")));
        }
        Job failed = q.find(job.id()).orElseThrow();
        assertThat(failed.error()).isEqualTo("its worker was lost 1 times (last: crashes); giving up");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(count("SELECT count(*) FROM runs")).isZero();
    }

    @Test
    void aHandlerThatThrowsFailsItsJobWithTheReasonAndTheStepItWasIn() throws Exception {
        Job job = queue.submit(NewJob.of("test.fail", "acme", Map.of()));
        JobHandler fails = run -> {
            run.step("prepare");
            run.step("provision");
            throw new IllegalStateException("no capacity on any node");
        };
        try (JobWorkers w = JobWorkers.start(queue, Map.of("test.fail", fails), SHORT_LEASE, clock, "w")) {
            await(() -> "failed".equals(row(job.id()).get("state")));
        }
        Job failed = queue.find(job.id()).orElseThrow();
        assertThat(failed.error()).isEqualTo("no capacity on any node");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.steps()).extracting(Job.Step::name, Job.Step::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prepare", Job.StepState.DONE),
                org.assertj.core.groups.Tuple.tuple("provision", Job.StepState.FAILED));
    }

    @Test
    void aWorkerOnlyClaimsKindsItHasAHandlerFor() throws Exception {
        Job unknown = queue.submit(NewJob.of("newer.build.kind", "acme", Map.of()));
        Job known = queue.submit(NewJob.of("test.echo", "acme", Map.of("n", 1)));
        try (JobWorkers w = JobWorkers.start(queue, Map.of("test.echo", recording()), SHORT_LEASE, clock, "w")) {
            await(() -> "succeeded".equals(row(known.id()).get("state")));
        }
        assertThat(row(unknown.id())).containsEntry("state", "queued").containsEntry("attempts", 0);
    }

    @Test
    void aWorkerThatLostItsLeaseCannotWriteOverTheJob() {
        Job job = queue.submit(NewJob.of("test.echo", "acme", Map.of()));
        JobQueue.Claim first = queue.claim("slow", List.of("test.echo")).orElseThrow();
        jdbi.useHandle(h -> h.execute("UPDATE jobs SET lease_expires_at = now() - interval '1 second'"));
        JobQueue.Claim second = queue.claim("fast", List.of("test.echo")).orElseThrow();

        assertThat(queue.succeed(first, List.of(), Map.of("from", "slow"))).isFalse();
        assertThat(queue.renew(first)).isFalse();
        assertThat(queue.succeed(second, List.of(), Map.of("from", "fast"))).isTrue();
        assertThat(queue.find(job.id()).orElseThrow().result().path("from").asText()).isEqualTo("fast");
    }

    private Map<String, Object> row(UUID id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT state, attempts, worker FROM jobs WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    private long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
