package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent numbers a noop job of one step as four events: queued (1), running (2), progress (3),
 * succeeded (4). {@code --after 1} replays 2 to 4, so no test races the job.
 */
class EventsCommandTest {
    @TempDir
    static Path dir;
    private static TestAgent agent;
    private static String job;

    /** One agent for all: these tests only replay what it keeps (each stream costs its stop 2 s). */
    @BeforeAll
    static void startAgentWithAFinishedJob() throws Exception {
        agent = TestAgent.start(dir);
        job = agent.noop(0, 1);
        agent.await(job);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        agent.close();
    }

    static String[] events(TestAgent agent, String... more) {
        return concat(List.of("--socket", agent.socket.toString(), "events"), more);
    }

    private static String[] events(String... more) {
        return events(agent, more);
    }

    @Test
    void tablePrintsIdTimeTypeAndSummaryPerEventWithTheTimeOfArrival() {
        Cli.Run run = Cli.run(events("--after", "1", "--count", "3"));

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                2     2026-05-31 14:30:00 job   %1$s running 0%%
                3     2026-05-31 14:30:00 job   %1$s running 100%% step 1 of 1
                4     2026-05-31 14:30:00 job   %1$s succeeded 100%% step 1 of 1
                """.formatted(job));
    }

    @Test
    void jsonPrintsOneObjectPerLineWithIdTypeAndTheEventData() throws Exception {
        Cli.Run run = Cli.run(events("--after", "1", "--count", "3", "-o", "json"));

        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode last = Json.parse(lines.get(2));
        assertThat(last.fieldNames()).toIterable().containsExactly("id", "type", "data");
        assertThat(last.get("id").asLong()).isEqualTo(4);
        assertThat(last.get("type").asText()).isEqualTo("job");
        assertThat(last.get("data").get("id").asText()).isEqualTo(job);
        assertThat(last.get("data").get("state").asText()).isEqualTo("succeeded");
        assertThat(last.get("data").get("result")).isEqualTo(Json.parse("{\"steps\":1}"));
    }

    @Test
    void yamlPrintsOneDocumentPerEvent() {
        Cli.Run run = Cli.run(events("--after", "3", "--count", "1", "-o", "yaml"));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("---\nid: 4\ntype: \"job\"\ndata:\n  id: \"" + job + "\"\n  kind: \"noop\"\n")
                .contains("\n  state: \"succeeded\"\n").endsWith("\n  result:\n    steps: 1\n");
    }

    @Test
    void typeNamesSeveralTypesSeparatedByCommas() {
        Cli.Run run = Cli.run(events("--after", "1", "--type", "other,job", "--count", "3"));

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().map(l -> l.substring(0, 1))).containsExactly("2", "3", "4");
    }

    @Test
    void aCountBelowOneIsAUsageError() {
        Cli.Run run = Cli.run(events("--count", "0"));

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: --count wants a positive number, not 0\n");
    }

    static String[] concat(List<String> first, String... more) {
        return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }
}
