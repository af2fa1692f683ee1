package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantry events} while the agent goes away: each test stops its own agent. */
class EventsStreamEndTest {
    @TempDir
    Path dir;
    private TestAgent agent;

    @BeforeEach
    void startAgentWithAFinishedJob() throws Exception {
        agent = TestAgent.start(dir);
        agent.await(agent.noop(0, 1));
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    @Test
    void typeLeavesOutEventsOfOtherTypes() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Cli.Run> filtered = CompletableFuture.supplyAsync(() ->
                Cli.run(out, err, EventsCommandTest.events(agent, "--after", "1", "--type", "other", "--verbose")));
        // The agent replays kept events as soon as the stream opens, filtered; a replay of 2 to 4
        // would reach the client before the shutdown event that the stop sends after it.
        awaitText(err, "/api/v1/events?type=other -> 200");

        agent.close();
        Cli.Run run = filtered.get(10, TimeUnit.SECONDS);

        assertThat(run.out()).isEmpty();
        assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
    }

    @Test
    void eventsFollowsNewEventsAndSaysSoWhenTheAgentStops() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<Cli.Run> running = CompletableFuture.supplyAsync(() ->
                Cli.run(out, new StringWriter(), EventsCommandTest.events(agent, "--after", "4", "--type", "job")));
        String second = agent.noop(0, 1);
        awaitLines(out, 4);

        agent.close();
        Cli.Run run = running.get(10, TimeUnit.SECONDS);

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
        assertThat(run.out().lines().map(l -> l.split(" +"))
                .map(f -> f[0] + " " + f[3] + " " + f[4] + " " + f[5]).toList())
                .containsExactly("5 job " + second + " queued", "6 job " + second + " running",
                        "7 job " + second + " running", "8 job " + second + " succeeded");
        assertThat(run.err()).isEqualTo("""
                gantry: gantryd is stopping; the event stream ended
                gantry: resume with: gantry events --after 8
                """);
    }

    private static void awaitLines(StringWriter out, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.toString().lines().count() < lines && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void awaitText(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.toString()).contains(text);
    }
}
