package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry admin tenant against a real gantry-server on its embedded PostgreSQL, as root on the server host would run it. */
class AdminTenantCommandTest {
    @TempDir
    static Path stateDir;
    static Server server;
    static String adminFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.start(ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)), stateDir,
                Clock.systemUTC(), ServerIdentity.placeholder());
        adminFile = server.adminFile().toString();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void noTenants() {
        server.database().jdbi().useHandle(h -> h.execute("DELETE FROM tenants"));
    }

    @Test
    void createUpdateListAndDeleteChangeTheServersTenants() {
        Cli.Run created = Cli.run("admin", "tenant", "create", "acme", "--name", "ACME Corp",
                "--billing-reference", "cust-17", "--quota", "instances=10", "--quota", "disks=20", "--admin-file", adminFile);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("acme").contains("ACME Corp").contains("instances=10");
        assertThat(row("acme")).containsEntry("display_name", "ACME Corp").containsEntry("billing_reference", "cust-17")
                .containsEntry("quotas", "{\"disks\": 20, \"instances\": 10}");

        Cli.Run updated = Cli.run("admin", "tenant", "update", "acme", "--name", "ACME", "--no-quotas", "--admin-file", adminFile);
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(row("acme")).containsEntry("display_name", "ACME").containsEntry("quotas", "{}");

        Cli.run("admin", "tenant", "create", "beta", "--name", "Beta", "--admin-file", adminFile);
        Cli.Run list = Cli.run("admin", "tenant", "list", "--admin-file", adminFile);
        assertThat(list.exit()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME").contains("QUOTAS");
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split("\\s+")[0]).containsExactly("acme", "beta");

        Cli.Run json = Cli.run("admin", "tenant", "list", "-o", "json", "--admin-file", adminFile);
        assertThat(json.out()).contains("\"displayName\": \"Beta\"");

        Cli.Run deleted = Cli.run("admin", "tenant", "delete", "acme", "--admin-file", adminFile);
        assertThat(deleted.exit()).isZero();
        assertThat(deleted.out()).isEqualTo("deleted tenant acme\n");
        assertThat(ids()).containsExactly("beta");
    }

    @Test
    void theServersRefusalIsShownAndNothingIsWritten() {
        Cli.Run bad = Cli.run("admin", "tenant", "create", "Not_Valid", "--name", "X", "--admin-file", adminFile);

        assertThat(bad.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(bad.err()).contains("id").contains("lowercase letters and digits");
        assertThat(ids()).isEmpty();

        Cli.Run missing = Cli.run("admin", "tenant", "delete", "nosuch", "--admin-file", adminFile);
        assertThat(missing.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(missing.err()).contains("no tenant nosuch");
    }

    @Test
    void withoutTheAdminFileItSaysToRunAsRootOnTheServerHost() {
        Cli.Run r = Cli.run("admin", "tenant", "list", "--admin-file", stateDir.resolve("absent.json").toString());

        assertThat(r.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
        assertThat(r.err()).contains("cannot read " + stateDir.resolve("absent.json") + ": no such file")
                .contains("run as root on the server host");
    }

    @Test
    void withUrlAndTokenItWorksFromElsewhere() throws Exception {
        String token = new String(Files.readAllBytes(Path.of(adminFile))).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

        Cli.Run ok = Cli.run(Map.of("GANTRY_TOKEN", token), "--url", server.url(), "admin", "tenant", "create", "remote", "--name", "R");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ids()).containsExactly("remote");

        Cli.Run wrong = Cli.run(Map.of("GANTRY_TOKEN", "nope"), "--url", server.url(), "admin", "tenant", "list");
        assertThat(wrong.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(wrong.err()).isEqualTo("gantry: Unauthorized: the token is unknown, revoked or expired\n");
    }

    private static Map<String, Object> row(String id) {
        return server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT display_name, billing_reference, quotas::text AS quotas FROM tenants WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    private static List<String> ids() {
        return server.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM tenants ORDER BY id")
                .mapTo(String.class).list());
    }
}
