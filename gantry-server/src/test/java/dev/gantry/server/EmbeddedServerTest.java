package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no [Database] Url the server runs its own PostgreSQL, data under the state directory. */
class EmbeddedServerTest {
    @TempDir
    Path stateDir;

    @Test
    void withNoDatabaseConfiguredTheServerRunsAnEmbeddedPostgresInItsStateDirectoryAndKeepsItsData() throws Exception {
        ServerConfig config = ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0));
        try (Server server = Server.start(config, stateDir, Clock.systemUTC(), ServerIdentity.placeholder())) {
            assertThat(server.database().embedded()).isTrue();
            JsonNode health = get(server.url() + "/api/v1/health");
            assertThat(health.path("ready").asBoolean()).isTrue();
            assertThat(health.path("database").path("embedded").asBoolean()).isTrue();
            assertThat(stateDir.resolve("postgres/PG_VERSION")).exists();
            server.database().jdbi().useHandle(h -> h.execute(
                    "INSERT INTO tenants (id, display_name) VALUES ('kept', 'Kept across restarts')"));

            Path admin = stateDir.resolve("admin.json");
            assertThat(Files.getPosixFilePermissions(admin)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            AdminToken.AdminFile file = Json.mapper().readValue(Files.readAllBytes(admin), AdminToken.AdminFile.class);
            assertThat(file.url()).isEqualTo(server.url());
            assertThat(file.token()).startsWith("gsa_");
        }
        try (Server again = Server.start(config, stateDir, Clock.systemUTC(), ServerIdentity.placeholder())) {
            String name = again.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT display_name FROM tenants WHERE id = 'kept'").mapTo(String.class).one());
            assertThat(name).isEqualTo("Kept across restarts");
        }
    }

    private static JsonNode get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(r.body());
        }
    }
}
