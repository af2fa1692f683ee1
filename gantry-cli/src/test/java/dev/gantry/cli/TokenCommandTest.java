package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
    @TempDir
    Path dir;
    private TestAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = TestAgent.withTcp(dir, "");
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }

    private Cli.Run gantry(String... args) {
        return Cli.run(EventsCommandTest.concat(List.of("--socket", agent.socket.toString()), args));
    }

    private Cli.Run overTcp(String token, String... args) {
        return Cli.run(Map.of("GANTRY_TOKEN", token),
                EventsCommandTest.concat(List.of("--url", agent.url("http")), args));
    }

    @Test
    void createPrintsIdNameScopesExpiryAndThenTheTokenAloneOnTheLastLine() {
        Cli.Run run = gantry("token", "create", "--name", "ci", "--scope", "jobs:read", "--scope", "tokens:write",
                "--expires-in", "90d");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(5);
        String id = lines.get(0).substring("ID:       ".length());
        assertThat(id).matches("[0-9a-f]{12}");
        assertThat(lines.subList(0, 4)).containsExactly(
                "ID:       " + id,
                "Name:     ci",
                "Scopes:   jobs:read,tokens:write",
                "Expires:  2026-08-29 14:00:00");
        String token = lines.get(4);
        assertThat(token).startsWith("gantry_" + id + "_");
        assertThat(overTcp(token, "jobs", "list").exit()).isZero();
    }

    @Test
    void createWithoutExpiryMakesATokenThatNeverExpires() {
        Cli.Run run = gantry("token", "create", "--name", "forever", "--scope", "*");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\nExpires:  never\ngantry_");
    }

    @Test
    void createAsJsonPrintsTheAgentsAnswerWithTheTokenField() throws Exception {
        Cli.Run run = gantry("token", "create", "--name", "ci", "--scope", "*:read", "-o", "json");

        assertThat(run.exit()).isZero();
        JsonNode created = Json.parse(run.out());
        assertThat(created.fieldNames()).toIterable().containsExactly("id", "name", "scopes", "token");
        assertThat(created.get("scopes")).isEqualTo(Json.parse("[\"*:read\"]"));
        assertThat(overTcp(created.get("token").asText(), "agent", "info").exit()).isZero();
    }

    @Test
    void createWithABadScopeExitsOneWithTheFieldErrorOnStderr() {
        Cli.Run run = gantry("token", "create", "--name", "ci", "--scope", "jobs:everything");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                gantry: Invalid request
                gantry: scopes[0]: expected *, *:read, or <module>:read|write with a module among \
                accounts, agent, ethtool, events, firewall, jobs, machines, metrics, network, packages, proc, sysctl, system, systemd, tokens (got "jobs:everything")
                """);
    }

    @Test
    void createWithSeveralBadFieldsListsEachOnItsOwnLine() {
        Cli.Run run = gantry("token", "create", "--name", "no spaces", "--scope", "*", "--expires-in", "soon");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("""
                gantry: Invalid request: 2 fields are invalid
                gantry: name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (got "no spaces")
                gantry: expiresIn: a lifetime such as 90d, 12h, 30m or P30D (got "soon")
                """);
    }

    @Test
    void createWithoutAScopeIsAUsageError() {
        Cli.Run run = gantry("token", "create", "--name", "ci");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("""
                gantry: Missing required option: '--scope=SCOPE'
                gantry: see 'gantry token create --help'
                """);
    }

    @Test
    void listShowsEachTokenWithoutItsValueAndMarksExpiredOnes() {
        gantry("token", "create", "--name", "ci", "--scope", "jobs:read", "--scope", "jobs:write");
        agent.clock.advance(Duration.ofMinutes(5));
        gantry("token", "create", "--name", "short", "--scope", "*", "--expires-in", "1h");
        agent.clock.advance(Duration.ofHours(2));

        Cli.Run run = gantry("token", "list");

        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ID             NAME    SCOPES                 CREATED               EXPIRES");
        assertThat(lines.get(1)).matches("[0-9a-f]{12}   ci      jobs:read,jobs:write   2026-05-31 14:00:00   never");
        assertThat(lines.get(2)).matches(
                "[0-9a-f]{12}   short   \\*" + " ".repeat(22) + "2026-05-31 14:05:00   2026-05-31 15:05:00 \\(expired\\)");
    }

    @Test
    void revokeRemovesTheTokenSoItNoLongerOpensTheApi() {
        String token = agent.token("ci", "*:read");
        String id = token.split("_")[1];
        assertThat(overTcp(token, "agent", "info").exit()).isZero();

        Cli.Run run = gantry("token", "revoke", id);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("revoked token " + id + "\n");
        assertThat(gantry("token", "list").out()).doesNotContain(id);
        Cli.Run refused = overTcp(token, "agent", "info");
        assertThat(refused.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(refused.err()).isEqualTo("gantry: Unauthorized: the token is unknown, revoked or expired\n");
    }

    @Test
    void revokeAsJsonPrintsNothing() {
        String id = agent.token("ci", "*:read").split("_")[1];

        Cli.Run run = gantry("token", "revoke", id, "-o", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
    }

    @Test
    void revokeOfAnUnknownTokenExitsOne() {
        Cli.Run run = gantry("token", "revoke", "nope");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("gantry: Not found: no token nope\n");
    }
}
