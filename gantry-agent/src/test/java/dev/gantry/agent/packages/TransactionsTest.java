package dev.gantry.agent.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.packages.Change;
import dev.gantry.agent.backend.packages.HistoryEntry;
import dev.gantry.agent.backend.packages.Package;
import dev.gantry.agent.backend.packages.PackageDetails;
import dev.gantry.agent.backend.packages.PackageManager;
import dev.gantry.agent.backend.packages.PackageUpdate;
import dev.gantry.agent.backend.packages.Progress;
import dev.gantry.agent.backend.packages.Repository;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.jobs.FileJobStore;
import dev.gantry.common.jobs.Job;
import dev.gantry.common.jobs.JobManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs, progress, results and the one-at-a-time rule, with a manager that only pretends (nothing runs on this host). */
class TransactionsTest {
    @TempDir
    Path dir;
    private JobManager jobs;

    @BeforeEach
    void start() throws Exception {
        jobs = new JobManager(new FileJobStore(dir), new EventBus(Clock.systemUTC()), Clock.systemUTC(), 100);
    }

    @AfterEach
    void stop() {
        jobs.close();
    }

    /** Answers each change with the given exit code and output, after {@code release} opens. */
    private static final class Pretend implements PackageManager {
        final CountDownLatch release = new CountDownLatch(1);
        final int exitCode;
        final String stdout;
        final String stderr;

        Pretend(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public Command.Result run(Change change, Consumer<Progress> onProgress) {
            onProgress.accept(new Progress(40, "Unpacking hello (amd64)"));
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Command.Result(command(change), exitCode, stdout, stderr);
        }

        @Override
        public List<String> command(Change change) {
            return List.of("pretend", change.kind().name().toLowerCase(java.util.Locale.ROOT), "--", 
                    String.join(",", change.packages()));
        }

        @Override
        public List<String> errors(Command.Result result) {
            return result.stderr().lines().filter(l -> l.startsWith("E: ")).toList();
        }

        @Override
        public String name() {
            return "pretend";
        }

        @Override
        public List<Package> list(Scope scope, Optional<String> nameContains) {
            return List.of();
        }

        @Override
        public Optional<PackageDetails> info(String name) {
            return Optional.empty();
        }

        @Override
        public List<Package> search(String query) {
            return List.of();
        }

        @Override
        public List<PackageUpdate> updates() {
            return List.of();
        }

        @Override
        public List<Repository> repositories() {
            return List.of();
        }

        @Override
        public boolean canToggleRepositories() {
            return false;
        }

        @Override
        public Command.Result enableRepository(String id, boolean enabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HistoryEntry> history() {
            return List.of();
        }

        @Override
        public Optional<Progress> progress(String line) {
            return Optional.empty();
        }
    }

    private Job await(String id) throws InterruptedException {
        return jobs.await(id, Duration.ofSeconds(30));
    }

    @Test
    void aSecondTransactionWhileOneRunsIs409NamingTheRunningJob() throws Exception {
        Pretend manager = new Pretend(0, "done\n", "");
        Transactions transactions = new Transactions(jobs, manager);
        Job first = transactions.start(Change.of(Change.Kind.INSTALL, List.of("hello")), "root");

        assertThatThrownBy(() -> transactions.start(Change.of(Change.Kind.REMOVE, List.of("world")), "root"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains(first.id());
                    assertThat(e.headers()).containsEntry("Location", "/api/v1/jobs/" + first.id());
                });

        manager.release.countDown();
        assertThat(await(first.id()).state()).isEqualTo(Job.State.SUCCEEDED);
        Job next = transactions.start(Change.of(Change.Kind.REMOVE, List.of("world")), "root");
        assertThat(await(next.id()).state()).isEqualTo(Job.State.SUCCEEDED);
    }

    @Test
    void progressReachesTheJobAndTheResultKeepsTheLog() throws Exception {
        Pretend manager = new Pretend(0, "Setting up hello (2.10-3) ...\n", "");
        Transactions transactions = new Transactions(jobs, manager);

        Job job = transactions.start(Change.of(Change.Kind.INSTALL, List.of("hello")), "root");
        Job running = jobs.await(job.id(), Duration.ofMillis(1));
        while (running.progress() < 40) {
            running = jobs.get(job.id()).orElseThrow();
            Thread.sleep(10);
        }
        assertThat(running.message()).isEqualTo("Unpacking hello (amd64)");
        manager.release.countDown();
        Job done = await(job.id());

        assertThat(done.kind()).isEqualTo("packages.install");
        assertThat(done.description()).isEqualTo("install hello");
        assertThat(done.result().get("manager").asText()).isEqualTo("pretend");
        assertThat(done.result().get("exitCode").asInt()).isZero();
        assertThat(done.result().get("log").asText()).isEqualTo("Setting up hello (2.10-3) ...\n");
        assertThat(done.result().get("command").toString()).isEqualTo("[\"pretend\",\"install\",\"--\",\"hello\"]");
    }

    @Test
    void aFailedTransactionFailsTheJobWithTheManagersErrorAndKeepsTheLog() throws Exception {
        Pretend manager = new Pretend(100, "Reading package lists...\n", "E: Unable to locate package nosuch\n");
        manager.release.countDown();
        Transactions transactions = new Transactions(jobs, manager);

        Job failed = await(transactions.start(Change.of(Change.Kind.INSTALL, List.of("nosuch")), "root").id());

        assertThat(failed.state()).isEqualTo(Job.State.FAILED);
        assertThat(failed.problem().status()).isEqualTo(422);
        assertThat(failed.problem().title()).isEqualTo("pretend install failed");
        assertThat(failed.problem().detail()).isEqualTo("E: Unable to locate package nosuch");
        assertThat(failed.result().get("exitCode").asInt()).isEqualTo(100);
        assertThat(failed.result().get("log").asText())
                .isEqualTo("Reading package lists...\n\n--- stderr ---\nE: Unable to locate package nosuch\n");
    }
}
