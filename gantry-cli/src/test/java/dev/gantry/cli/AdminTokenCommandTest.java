package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry admin token against a real gantry-server (embedded PostgreSQL, its real identity), as root on its host. */
class AdminTokenCommandTest {
    @TempDir
    static Path stateDir;
    static Server server;
    static String adminFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.start(ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)), stateDir,
                Clock.systemUTC());
        adminFile = server.adminFile().toString();
        server.database().jdbi().useHandle(h -> h.execute("INSERT INTO tenants (id, display_name) VALUES ('acme', 'Acme')"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void noTokens() {
        server.database().jdbi().useHandle(h -> h.execute("DELETE FROM api_tokens"));
    }

    private static int status(String token, String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void createPrintsAWorkingTokenAsItsLastLineListShowsItAndRevokeEndsIt() throws Exception {
        Cli.Run created = Cli.run("admin", "token", "create", "--name", "ci", "--tenant", "acme",
                "--scope", "jobs:read", "--scope", "instances:write", "--expires-in", "90d", "--admin-file", adminFile);
        assertThat(created.exit()).as(created.err()).isZero();
        List<String> lines = created.out().lines().toList();
        String token = lines.getLast();
        assertThat(token).matches("gantrysrv_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        assertThat(created.out()).contains("ci").contains("acme").contains("jobs:read,instances:write");
        assertThat(status(token, "/api/v1/tenants/acme/jobs")).isEqualTo(200);
        assertThat(status(token, "/api/v1/tenants")).isEqualTo(403);

        Map<String, Object> row = server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT name, tenant, scopes::text AS scopes, expires_at > now() + interval '89 days' AS later FROM api_tokens")
                .mapToMap().one());
        assertThat(row).containsEntry("name", "ci").containsEntry("tenant", "acme")
                .containsEntry("scopes", "{jobs:read,instances:write}").containsEntry("later", true);

        Cli.Run list = Cli.run("admin", "token", "list", "--admin-file", adminFile);
        assertThat(list.exit()).isZero();
        assertThat(list.out().lines().toList().getFirst()).startsWith("ID").contains("TENANT").contains("SCOPES");
        assertThat(list.out()).contains("ci").doesNotContain(token.substring(token.length() - 43));

        Cli.Run revoked = Cli.run("admin", "token", "revoke", "ci", "--admin-file", adminFile);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).isEqualTo("revoked token ci\n");
        assertThat(status(token, "/api/v1/tenants/acme/jobs")).isEqualTo(401);
    }

    @Test
    void aBadScopeIsRefusedByTheServerAndNothingIsWritten() {
        Cli.Run bad = Cli.run("admin", "token", "create", "--name", "x", "--scope", "everything", "--admin-file", adminFile);
        assertThat(bad.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(bad.err()).contains("scopes[0]").contains("admin, or TYPE:read / TYPE:write");
        int rows = server.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_tokens").mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void revokingAnUnknownTokenFails() {
        Cli.Run r = Cli.run("admin", "token", "revoke", "nosuch", "--admin-file", adminFile);
        assertThat(r.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(r.err()).contains("no API token nosuch");
    }
}
