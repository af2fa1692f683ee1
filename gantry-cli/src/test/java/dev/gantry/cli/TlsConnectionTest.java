package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry over https: the agent's certificate (self-signed, for 127.0.0.1) is checked unless --insecure. */
class TlsConnectionTest {
    @TempDir
    static Path certificates;
    private static TestTls tls;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificate() throws Exception {
        tls = TestTls.create(certificates);
    }

    @Test
    void httpsWorksWithTheAgentsCaFromCacert() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, tls.toml())) {
            String token = agent.token("reader", "*:read");

            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token), "--url", agent.url("https"),
                    "--cacert", tls.certificate().toString(), "agent", "info");

            assertThat(run.exit()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).contains("tcp " + agent.url("https").substring("https://".length()) + " tls\n");
        }
    }

    @Test
    void httpsToAnUntrustedCertificateExitsThreeWithTheTlsHint() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, tls.toml())) {
            Cli.Run run = Cli.run("--url", agent.url("https"), "agent", "info");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
            assertThat(run.err()).startsWith("gantry: cannot reach gantryd at " + agent.url("https") + ": TLS: ")
                    .endsWith("\ngantry: to trust the agent's certificate pass --cacert FILE with its CA, "
                            + "or --insecure in a lab\n");
        }
    }

    @Test
    void httpsChecksTheHostNameAgainstTheCertificate() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, tls.toml())) {
            String byName = agent.url("https").replace("127.0.0.1", "localhost");

            Cli.Run run = Cli.run("--url", byName, "--cacert", tls.certificate().toString(), "agent", "info");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
            assertThat(run.err()).startsWith("gantry: cannot reach gantryd at " + byName + ": TLS: ");
        }
    }

    @Test
    void insecureAcceptsAnyCertificate() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, tls.toml())) {
            String token = agent.token("reader", "*:read");
            String byName = agent.url("https").replace("127.0.0.1", "localhost");

            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token), "--url", byName, "--insecure", "jobs", "list");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).startsWith("ID ");
        }
    }
}
