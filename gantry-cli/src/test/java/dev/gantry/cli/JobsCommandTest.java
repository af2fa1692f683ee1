package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsCommandTest {
    @TempDir
    Path dir;
    private TestAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = TestAgent.start(dir);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    private Cli.Run gantry(String... args) {
        return Cli.run(EventsCommandTest.concat(List.of("--socket", agent.socket.toString()), args));
    }

    private String finishedJob(int steps) {
        String id = agent.noop(0, steps);
        agent.await(id);
        return id;
    }

    @Test
    void listShowsJobsNewestFirstWithLocalCreationTimes() {
        String older = finishedJob(1);
        agent.clock.advance(Duration.ofSeconds(90));
        String newer = finishedJob(2);

        Cli.Run run = gantry("jobs", "list");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                ID                                     KIND   STATE       PROGRESS   CREATED               DESCRIPTION
                %s   noop   succeeded   100%%       2026-05-31 14:01:30   wait 0 s in 2 steps
                %s   noop   succeeded   100%%       2026-05-31 14:00:00   wait 0 s in 1 steps
                """.formatted(newer, older));
    }

    @Test
    void listWithoutJobsPrintsOnlyTheHeader() {
        Cli.Run run = gantry("jobs", "list");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("ID   KIND   STATE   PROGRESS   CREATED   DESCRIPTION\n");
    }

    @Test
    void listWithStateShowsOnlyJobsInThatStateWhicheverTheCase() throws Exception {
        finishedJob(1);
        String running = agent.noop(60, 1);

        Cli.Run run = gantry("jobs", "list", "--state", "RUNNING", "-o", "json");

        assertThat(run.exit()).isZero();
        JsonNode jobs = Json.parse(run.out());
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("id").asText()).isEqualTo(running);
        agent.cancel(running);
    }

    @Test
    void anUnknownStateIsAUsageErrorNamingTheStates() {
        Cli.Run run = gantry("jobs", "list", "--state", "done");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                gantry: Invalid value for option '--state': expected one of queued, running, succeeded, failed, \
                cancelled, not 'done'
                gantry: see 'gantry jobs list --help'
                """);
    }

    @Test
    void showPrintsEveryFieldOfAJob() {
        String id = finishedJob(1);

        Cli.Run run = gantry("jobs", "show", id);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                ID:           %s
                Kind:         noop
                Description:  wait 0 s in 1 steps
                State:        succeeded
                Progress:     100%%  step 1 of 1
                Owner:        unix:root
                Created:      2026-05-31 14:00:00
                Started:      2026-05-31 14:00:00
                Finished:     2026-05-31 14:00:00
                Result:       {"steps":1}
                """.formatted(id));
    }

    @Test
    void showOfAnUnknownJobExitsOneWithTheAgentsProblem() {
        Cli.Run run = gantry("jobs", "show", "nope");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("gantry: Not found: no job nope\n");
    }

    @Test
    void waitFollowsAJobToItsEndPrintingProgressLinesAndTheFinalState() {
        String id = agent.noop(1, 2);

        Cli.Run run = gantry("jobs", "wait", id);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("ID:           " + id + "\n")
                .contains("State:        succeeded\n", "Progress:     100%  step 2 of 2\n", "Result:       {\"steps\":2}\n");
        List<String> progress = run.err().lines().toList();
        assertThat(progress).allMatch(line -> line.matches("(queued|running|succeeded) \\d{1,3}%( step \\d of 2)?"))
                .doesNotHaveDuplicates()
                .last().isEqualTo("succeeded 100% step 2 of 2");
    }

    @Test
    void waitAsJsonPrintsTheFinishedJobAsTheApiSendsIt() throws Exception {
        String id = agent.noop(0, 1);

        Cli.Run run = gantry("jobs", "wait", id, "-o", "json");

        assertThat(run.exit()).isZero();
        JsonNode job = Json.parse(run.out());
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("progress").asInt()).isEqualTo(100);
        assertThat(job.get("finishedAt").asText()).isEqualTo("2026-05-31T12:00:00Z");
        assertThat(job.get("result")).isEqualTo(Json.parse("{\"steps\":1}"));
    }

    @Test
    void waitOnACancelledJobExitsOneAndPrintsItsProblem() {
        String id = agent.noop(60, 1);
        agent.cancel(id);

        Cli.Run run = gantry("jobs", "wait", id);

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.out()).contains("State:        cancelled\n", "Problem:      Job cancelled: the job was cancelled\n");
        assertThat(run.err()).endsWith("""
                gantry: job %s cancelled
                gantry: Job cancelled: the job was cancelled
                """.formatted(id));
    }

    @Test
    void waitGivesUpAfterTheTimeoutAndLeavesTheJobRunning() {
        String id = agent.noop(60, 1);

        Cli.Run run = gantry("jobs", "wait", id, "--timeout", "1s");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.out()).contains("State:        running\n");
        assertThat(run.err()).endsWith("gantry: job " + id + " is still running after 1s; it goes on "
                + "(follow it again with: gantry jobs wait " + id + ")\n");
        assertThat(agent.job(id).get("state").asText()).isEqualTo("running");
        agent.cancel(id);
    }

    @Test
    void cancelStopsARunningJobAndShowsIt() {
        String id = agent.noop(60, 1);

        Cli.Run run = gantry("jobs", "cancel", id);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("ID:           " + id + "\n", "State:        cancelled\n",
                "Problem:      Job cancelled: the job was cancelled\n");
        assertThat(agent.job(id).get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void cancelOfAFinishedJobExitsOneWithTheConflict() {
        String id = finishedJob(1);

        Cli.Run run = gantry("jobs", "cancel", id);

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("gantry: Conflict: job " + id + " already succeeded\n");
    }
}
