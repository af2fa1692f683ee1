package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {
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

    @Test
    void agentInfoListsVersionStartUptimeModulesAndListenersWithLocalTimes() {
        agent.clock.advance(Duration.ofHours(1).plusMinutes(2).plusSeconds(3));

        Cli.Run run = Cli.run("--socket", agent.socket.toString(), "agent", "info");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                Version:         %s
                Started:         2026-05-31 14:00:00
                Uptime:          1h 2m
                Authentication:  on
                Modules:         agent, tokens, jobs, events, systemd, system, sysctl, network, ethtool, accounts, proc, metrics, firewall, packages, machines
                Listeners:       unix %s
                                 tcp %s
                """.formatted(Version.current(), agent.socket, agent.url("http").substring("http://".length())));
    }

    @Test
    void tablesShowTimesInTheZoneThatTzNames() {
        Cli.Run utc = Cli.run(Map.of("TZ", "UTC"), "--socket", agent.socket.toString(), "agent", "info");
        Cli.Run tokyo = Cli.run(Map.of("TZ", ":Asia/Tokyo"), "--socket", agent.socket.toString(), "agent", "info");

        assertThat(utc.out()).contains("\nStarted:         2026-05-31 12:00:00\n");
        assertThat(tokyo.out()).contains("\nStarted:         2026-05-31 21:00:00\n");
    }

    @Test
    void agentInfoAsJsonIsTheApiAnswerIndented() {
        Cli.Run run = Cli.run("--socket", agent.socket.toString(), "agent", "info", "-o", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                  "version": "%s",
                  "uptime": 0,
                  "startedAt": "2026-05-31T12:00:00Z",
                  "authentication": true,
                  "modules": [
                    "agent",
                    "tokens",
                    "jobs",
                    "events",
                    "systemd",
                    "system",
                    "sysctl",
                    "network",
                    "ethtool",
                    "accounts",
                    "proc",
                    "metrics",
                    "firewall",
                    "packages",
                    "machines"
                  ],
                  "listeners": [
                    {
                      "kind": "unix",
                      "address": "%s",
                      "tls": false,
                      "clientCertificates": false
                    },
                    {
                      "kind": "tcp",
                      "address": "%s",
                      "tls": false,
                      "clientCertificates": false
                    }
                  ]
                }
                """.formatted(Version.current(), agent.socket, agent.url("http").substring("http://".length())));
    }

    @Test
    void agentInfoAsYamlIsTheSameTree() {
        Cli.Run run = Cli.run("-o", "yaml", "--socket", agent.socket.toString(), "agent", "info");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                version: "%s"
                uptime: 0
                startedAt: "2026-05-31T12:00:00Z"
                authentication: true
                modules:
                - "agent"
                - "tokens"
                - "jobs"
                - "events"
                - "systemd"
                - "system"
                - "sysctl"
                - "network"
                - "ethtool"
                - "accounts"
                - "proc"
                - "metrics"
                - "firewall"
                - "packages"
                - "machines"
                listeners:
                - kind: "unix"
                  address: "%s"
                  tls: false
                  clientCertificates: false
                - kind: "tcp"
                  address: "%s"
                  tls: false
                  clientCertificates: false
                """.formatted(Version.current(), agent.socket, agent.url("http").substring("http://".length())));
    }

    @Test
    void agentInfoOverTcpSendsTheTokenFromTheEnvironment() {
        String token = agent.token("reader", "*:read");

        Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token),
                "--url", agent.url("http"), "agent", "info", "-o", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("\"startedAt\": \"2026-05-31T12:00:00Z\"");
    }
}
