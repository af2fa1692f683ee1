package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How gantry reaches the agent, and what it says when it cannot. */
class ConnectionTest {
    @TempDir
    Path dir;

    @Test
    void aMissingSocketExitsThreeNamingTheSocketAndHowToCheckTheAgent() {
        Path socket = dir.resolve("gantryd.sock");

        Cli.Run run = Cli.run("--socket", socket.toString(), "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                gantry: cannot reach gantryd at %s: no such file or directory
                gantry: is gantryd running? systemctl status gantryd
                """.formatted(socket));
    }

    @Test
    void aSocketNobodyListensOnExitsThreeWithConnectionRefused() throws IOException {
        Path socket = Files.createFile(dir.resolve("gantryd.sock"));

        Cli.Run run = Cli.run("--socket", socket.toString(), "jobs", "list");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
        assertThat(run.err()).isEqualTo("""
                gantry: cannot reach gantryd at %s: connection refused
                gantry: is gantryd running? systemctl status gantryd
                """.formatted(socket));
    }

    @Test
    void aUrlNobodyListensOnExitsThreeNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        Cli.Run run = Cli.run("--url", "http://127.0.0.1:" + port, "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
        assertThat(run.err()).isEqualTo("""
                gantry: cannot reach gantryd at http://127.0.0.1:%d: connection refused
                gantry: is gantryd running and listening there? systemctl status gantryd, and its [Network] Listen setting
                """.formatted(port));
    }

    @Test
    void aUrlWithoutGantryTokenExitsOneWithTheAgentsUnauthorizedDetailAndAHint() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, "")) {
            Cli.Run run = Cli.run("--url", agent.url("http"), "agent", "info");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("""
                    gantry: Unauthorized: send Authorization: Bearer <token>
                    gantry: set GANTRY_TOKEN to an API token; an admin makes one with: gantry token create
                    """);
        }
    }

    @Test
    void anUnknownTokenExitsOneWithTheAgentsDetail() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, "")) {
            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", "gantry_000000000000_nothing"),
                    "--url", agent.url("http"), "agent", "info");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.err()).isEqualTo("gantry: Unauthorized: the token is unknown, revoked or expired\n");
        }
    }

    @Test
    void aTokenWithoutTheScopeExitsOneWithTheAgentsForbiddenDetail() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, "")) {
            String token = agent.token("reader", "jobs:read");

            Cli.Run jobs = Cli.run(Map.of("GANTRY_TOKEN", token), "--url", agent.url("http"), "jobs", "list");
            Cli.Run tokens = Cli.run(Map.of("GANTRY_TOKEN", token), "--url", agent.url("http"), "token", "list");

            assertThat(jobs.exit()).isZero();
            assertThat(tokens.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(tokens.err()).isEqualTo("gantry: Forbidden: token:reader may not administer tokens\n");
        }
    }

    @Test
    void socketAndUrlTogetherAreAUsageError() {
        Cli.Run run = Cli.run("--socket", "/x.sock", "--url", "http://127.0.0.1:1", "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("gantry: give --socket or --url, not both\ngantry: see 'gantry --help'\n");
    }

    @Test
    void tlsOptionsWithoutAnHttpsUrlAreUsageErrors() {
        Cli.Run onSocket = Cli.run("--insecure", "agent", "info");
        Cli.Run onHttp = Cli.run("--url", "http://127.0.0.1:1", "--cacert", "/etc/hostname", "agent", "info");

        assertThat(onSocket.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(onSocket.err()).startsWith("gantry: --insecure and --cacert apply to an https --url\n");
        assertThat(onHttp.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(onHttp.err()).startsWith("gantry: --insecure and --cacert apply to an https --url\n");
    }

    @Test
    void aUrlThatIsNoHttpUrlIsAUsageError() {
        Cli.Run run = Cli.run("--url", "ftp://host:21", "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: --url wants http://HOST:PORT or https://HOST:PORT, not ftp://host:21\n");
    }

    @Test
    void anUnreadableCaFileIsAUsageError() {
        Path missing = dir.resolve("ca.pem");

        Cli.Run run = Cli.run("--url", "https://127.0.0.1:1", "--cacert", missing.toString(), "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: --cacert " + missing + ": cannot read it (");
    }
}
