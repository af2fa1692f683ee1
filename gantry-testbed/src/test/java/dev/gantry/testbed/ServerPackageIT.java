package dev.gantry.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The installed package's gantry-server: started by the package with no set-up, on its embedded
 * PostgreSQL under the unit's sandbox, as its own user; and gantry admin as root on that host.
 */
@WithAgentBox
class ServerPackageIT {
    private static final Duration READY = Duration.ofSeconds(180);
    private static final String HEALTH = "http://127.0.0.1:8080/api/v1/health";

    @Test
    void theInstalledServerStartsOnItsEmbeddedPostgresAsItsOwnUserAndIsHealthy(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        JsonNode health = awaitHealthy(box);

        assertThat(health.path("ready").asBoolean()).isTrue();
        assertThat(health.path("database").path("embedded").asBoolean()).isTrue();
        assertThat(health.path("migrations").path("pending").asInt()).isZero();
        assertThat(box.exec("systemctl", "is-enabled", "gantry-server.service").out()).isEqualTo("enabled");
        String pid = box.exec("systemctl", "show", "-p", "MainPID", "--value", "gantry-server.service").out();
        assertThat(box.exec("ps", "-o", "user=", "-p", pid).out()).isEqualTo("gantry-server");
        // PostgreSQL runs as the same user, a child of the server, with its data in the state directory.
        assertThat(box.exec("stat", "-c", "%U %a", "/var/lib/gantry-server/postgres").orThrow().out())
                .isEqualTo("gantry-server 700");
        assertThat(box.exec("pgrep", "-u", "gantry-server", "-x", "postgres")
                .exitCode()).isZero();
        assertThat(box.exec("stat", "-c", "%U %a", "/var/lib/gantry-server/admin.json").orThrow().out())
                .isEqualTo("gantry-server 600");
    }

    @Test
    void withNoConfigurationFileTheServerStartsWithEveryDefault(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        awaitHealthy(box);
        box.exec("mv", "/etc/gantry/server.toml", "/root/server.toml").orThrow();
        try {
            box.exec(Duration.ofSeconds(120), "systemctl", "restart", "gantry-server.service").orThrow();
            assertThat(awaitHealthy(box).path("ready").asBoolean()).isTrue();
            assertThat(box.exec("journalctl", "-u", "gantry-server", "-b", "--no-pager", "-n", "50").out())
                    .contains("/etc/gantry/server.toml not found; using defaults");
        } finally {
            box.exec("mv", "/root/server.toml", "/etc/gantry/server.toml").orThrow();
        }
    }

    @Test
    void rootOnTheServerHostAdministersTenantsWithNoSetUpAndTheyOutliveARestart(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        awaitHealthy(box);

        ExecResult created = box.exec("gantry", "admin", "tenant", "create", "acme", "--name", "ACME Corp",
                "--quota", "instances=10");
        assertThat(created.exitCode()).as(created.describe()).isZero();

        box.exec(Duration.ofSeconds(120), "systemctl", "restart", "gantry-server.service").orThrow();
        awaitHealthy(box);
        ExecResult list = box.exec("gantry", "admin", "tenant", "list", "-o", "json");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        JsonNode tenants = new ObjectMapper().readTree(list.out());
        assertThat(tenants).hasSize(1);
        assertThat(tenants.get(0).path("id").asText()).isEqualTo("acme");
        assertThat(tenants.get(0).path("quotas").path("instances").asInt()).isEqualTo(10);

        // Another user cannot read the admin file, and is told what to do instead.
        box.exec("useradd", "--system", "gt-someone");
        ExecResult other = box.execAs("gt-someone", "gantry", "admin", "tenant", "list");
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.stderr()).contains("permission denied").contains("run as root on the server host");
    }

    @Test
    void rootMakesAnApiTokenWhoseLastLineWorksAtOnceUntilRevoked(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        awaitHealthy(box);
        box.exec("gantry", "admin", "tenant", "create", "tokens", "--name", "Token test").orThrow();

        ExecResult created = box.exec("gantry", "admin", "token", "create", "--name", "ci", "--tenant", "tokens",
                "--scope", "jobs:read", "--expires-in", "1d");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        String token = created.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(token).matches("gantrysrv_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");

        assertThat(status(box, token, "/api/v1/tenants/tokens/jobs")).isEqualTo("200");
        assertThat(status(box, token, "/api/v1/tenants")).isEqualTo("403");
        assertThat(box.exec("gantry", "admin", "token", "list").out()).contains("ci").contains("jobs:read")
                .doesNotContain(token.substring(token.length() - 43));

        box.exec("gantry", "admin", "token", "revoke", "ci").orThrow();
        assertThat(status(box, token, "/api/v1/tenants/tokens/jobs")).isEqualTo("401");
    }

    private static String status(SystemdBox box, String token, String path) throws Exception {
        return box.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer " + token,
                "http://127.0.0.1:8080" + path).orThrow().out().trim();
    }

    private static JsonNode awaitHealthy(SystemdBox box) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        ExecResult last = null;
        while (System.nanoTime() < deadline) {
            last = box.exec("curl", "-s", "-w", "\\n%{http_code}", HEALTH);
            String[] lines = last.out().split("\n");
            if (last.exitCode() == 0 && lines[lines.length - 1].equals("200")) {
                return new ObjectMapper().readTree(last.out().substring(0, last.out().lastIndexOf('\n')));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("gantry-server not healthy within " + READY.toSeconds() + " s; last: "
                + (last == null ? "-" : last.describe()) + "\n"
                + box.exec("journalctl", "-u", "gantry-server", "-b", "--no-pager", "-n", "60").out());
    }
}
