package dev.gantry.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManagerTest {
    @TempDir
    Path dir;

    private JobManager manager(int retain) throws Exception {
        return new JobManager(new FileJobStore(dir), new EventBus(Clock.systemUTC()), Clock.systemUTC(), retain);
    }

    /** Submits a job that sleeps a minute and returns its id once it runs. */
    private static String startSleepingJob(JobManager jobs) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        String id = jobs.submit("t", "test", "me", ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        }).id();
        started.await();
        return id;
    }

    @Test
    void aJobRunsToSuccessWithItsResultAndProgress() throws Exception {
        try (JobManager jobs = manager(10)) {
            Job job = jobs.submit("t", "test", "me", ctx -> {
                ctx.progress(50, "half");
                return Map.of("answer", 42);
            });
            Job done = jobs.await(job.id(), Duration.ofSeconds(10));
            assertThat(done.state()).isEqualTo(Job.State.SUCCEEDED);
            assertThat(done.progress()).isEqualTo(100);
            assertThat(done.result().get("answer").asInt()).isEqualTo(42);
            assertThat(done.startedAt()).isNotNull();
            assertThat(done.finishedAt()).isNotNull();
        }
    }

    @Test
    void aFailingJobKeepsItsProblem() throws Exception {
        try (JobManager jobs = manager(10)) {
            Job job = jobs.submit("t", "test", "me", ctx -> {
                throw ApiException.conflict("busy elsewhere");
            });
            Job done = jobs.await(job.id(), Duration.ofSeconds(10));
            assertThat(done.state()).isEqualTo(Job.State.FAILED);
            assertThat(done.problem().status()).isEqualTo(409);
            assertThat(done.problem().detail()).isEqualTo("busy elsewhere");
        }
    }

    @Test
    void aFinishedJobIsReadableByTheNextProcess() throws Exception {
        String id;
        try (JobManager jobs = manager(10)) {
            id = jobs.submit("t", "test", "me", ctx -> "done").id();
            assertThat(jobs.await(id, Duration.ofSeconds(10)).state()).isEqualTo(Job.State.SUCCEEDED);
        }
        try (JobManager next = manager(10)) {
            assertThat(next.recover()).isZero();
            Job job = next.get(id).orElseThrow();
            assertThat(job.state()).isEqualTo(Job.State.SUCCEEDED);
            assertThat(job.result().asText()).isEqualTo("done");
        }
    }

    @Test
    void aJobRunningWhenTheProcessDiedComesBackFailedSayingSo() throws Exception {
        JobManager first = manager(10);
        String id = startSleepingJob(first);
        // A second manager on the same directory stands for the restarted agent; the first never finishes.
        try (JobManager next = manager(10)) {
            assertThat(next.recover()).isEqualTo(1);
            Job job = next.get(id).orElseThrow();
            assertThat(job.state()).isEqualTo(Job.State.FAILED);
            assertThat(job.problem().detail()).isEqualTo(JobManager.RESTART_REASON);
        } finally {
            first.close();
        }
    }

    @Test
    void aJobRunningAtACleanStopIsRecordedAsFailedNotCancelled() throws Exception {
        String id;
        try (JobManager jobs = manager(10)) {
            id = startSleepingJob(jobs);
        }
        try (JobManager next = manager(10)) {
            Job job = next.get(id).orElseThrow();
            assertThat(job.state()).isEqualTo(Job.State.FAILED);
            assertThat(job.problem().detail()).isEqualTo(JobManager.RESTART_REASON);
        }
    }

    @Test
    void cancellingARunningJobInterruptsItAndAFinishedOneIsAConflict() throws Exception {
        try (JobManager jobs = manager(10)) {
            String id = startSleepingJob(jobs);
            assertThat(jobs.cancel(id).state()).isEqualTo(Job.State.CANCELLED);
            assertThatThrownBy(() -> jobs.cancel(id)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(409));
        }
    }

    @Test
    void onlyTheNewestFinishedJobsAreKept() throws Exception {
        try (JobManager jobs = manager(2)) {
            for (int i = 0; i < 4; i++) {
                String id = jobs.submit("t", "n" + i, "me", ctx -> null).id();
                jobs.await(id, Duration.ofSeconds(10));
                Thread.sleep(2);
            }
            String last = jobs.submit("t", "last", "me", ctx -> null).id();
            jobs.await(last, Duration.ofSeconds(10));
            assertThat(jobs.list().size()).isLessThanOrEqualTo(3);
            assertThat(jobs.list().getFirst().description()).isEqualTo("last");
        }
    }
}
