package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantryd's command line and configuration checks: bad configuration stops start-up, naming the problem. */
class GantrydTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String toml, String... extra) throws Exception {
        Path config = dir.resolve("gantryd.toml");
        Files.writeString(config, toml);
        String[] base = {"--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--socket", dir.resolve("gantryd.sock").toString(), "--check-config"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return Gantryd.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedStyleConfigurationIsAccepted() throws Exception {
        assertThat(run("""
                [System]
                LogLevel = "info"
                UseAuthentication = "true"
                [Network]
                Listen = "127.0.0.1:5208"
                ListenUnixSocket = "true"
                """)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith(": ok\n");
    }

    @Test
    void anUnknownKeyStopsStartupNamingKeyAndLine() throws Exception {
        assertThat(run("[System]\nLogLevel = \"info\"\nUseAuthentification = true\n")).isEqualTo(78);
        assertThat(stderr()).contains("gantryd.toml:3: unknown key UseAuthentification in [System]");
    }

    @Test
    void aBadListenAddressStopsStartup() throws Exception {
        assertThat(run("[Network]\nListen = \"0.0.0.0\"\n")).isEqualTo(78);
        assertThat(stderr()).contains("gantryd.toml:2: [Network] Listen = \"0.0.0.0\": expected an IP address and port");
    }

    @Test
    void aMissingCertificateFileStopsStartup() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertThat(run("[Network]\nListen = \"127.0.0.1:5208\"\nTLSCertificate = \"/nonexistent/cert.pem\"\nTLSKey = \""
                + key + "\"\n")).isEqualTo(78);
        assertThat(stderr()).contains("[Network] TLSCertificate = \"/nonexistent/cert.pem\": no such file");
    }

    @Test
    void aKeyWithoutACertificateIsRefused() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertThat(run("[Network]\nListen = \"127.0.0.1:5208\"\nTLSKey = \"" + key + "\"\n")).isEqualTo(78);
        assertThat(stderr()).contains("TLSCertificate and TLSKey go together");
    }

    @Test
    void noListenerAtAllIsRefused() throws Exception {
        assertThat(run("[Network]\nListenUnixSocket = false\n")).isEqualTo(78);
        assertThat(stderr()).contains("ListenUnixSocket = false: with no Listen either");
    }

    @Test
    void anUnknownLogLevelIsRefused() throws Exception {
        assertThat(run("[System]\nLogLevel = \"verbose\"\n")).isEqualTo(78);
        assertThat(stderr()).contains("expected one of trace, debug, info, warning, error");
    }

    @Test
    void theMetricsSectionIsReadAndItsRangesChecked() throws Exception {
        AgentConfig config = AgentConfig.read(dev.gantry.common.config.TomlConfig.parse(
                "[Metrics]\nRatesInterval = 0\nRatesSamples = 12\n", "test.toml"), dir.resolve("s.sock"));
        assertThat(config.metrics()).isEqualTo(new dev.gantry.agent.metrics.MetricsConfig(java.time.Duration.ZERO, 12));
        assertThat(config.metrics().ratesEnabled()).isFalse();
        assertThat(AgentConfig.read(dev.gantry.common.config.TomlConfig.parse("", "empty.toml"), dir.resolve("s.sock"))
                .metrics()).isEqualTo(dev.gantry.agent.metrics.MetricsConfig.DEFAULT);
        assertThat(run("[Metrics]\nRatesInterval = 3601\nRatesSamples = 1\n")).isEqualTo(78);
        assertThat(stderr()).contains("gantryd.toml:2: [Metrics] RatesInterval = 3601: expected a number from 0 to 3600")
                .contains("gantryd.toml:3: [Metrics] RatesSamples = 1: expected a number from 2 to 10000");
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        assertThat(run("", "--frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("unknown option --frobnicate");
    }

    @Test
    void onlyTakesKnownModuleNames() throws Exception {
        assertThat(run("", "--only", "events,bogus")).isEqualTo(2);
        assertThat(stderr()).contains("gantryd: --only: unknown module bogus; modules: agent, tokens, jobs, events");
    }

    @Test
    void aPortInUseFailsStartupWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("busy.toml");
            Files.writeString(config, "[Network]\nListen = \"127.0.0.1:" + taken.getLocalPort() + "\"\n");
            int code = Gantryd.run(new String[] {"--config", config.toString(), "--state-dir",
                    dir.resolve("state").toString(), "--socket", dir.resolve("g.sock").toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertThat(code).isEqualTo(1);
            assertThat(stderr()).contains("gantryd: cannot start:").contains(String.valueOf(taken.getLocalPort()));
        }
    }
}
