package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path dir;

    @Test
    void aMigratedReachableDatabaseIsReadyAndNeedsNoCredentials() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            TestServer.Response r = server.call("GET", "/api/v1/health", null, (String) null);

            assertThat(r.status()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.path("status").asText()).isEqualTo("ok");
            assertThat(body.path("live").asBoolean()).isTrue();
            assertThat(body.path("ready").asBoolean()).isTrue();
            assertThat(body.path("database").path("reachable").asBoolean()).isTrue();
            assertThat(body.path("database").path("embedded").asBoolean()).isFalse();
            String latest = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
                    .mapTo(String.class).one());
            assertThat(body.path("migrations").path("current").asText()).isEqualTo(latest);
            assertThat(body.path("migrations").path("latest").asText()).isEqualTo(latest);
            assertThat(body.path("migrations").path("pending").asInt()).isZero();
            assertThat(body.path("migrations").path("applied").asBoolean()).isTrue();
        }
    }

    @Test
    void aMigrationMissingFromTheDatabaseMakesTheServerUnready() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            // As if a replica of an older build had migrated it: the newest migration is not recorded.
            pg.jdbi().useHandle(h -> h.execute("DELETE FROM flyway_schema_history WHERE installed_rank = "
                    + "(SELECT max(installed_rank) FROM flyway_schema_history)"));

            TestServer.Response r = server.call("GET", "/api/v1/health", null, (String) null);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().path("ready").asBoolean()).isFalse();
            assertThat(r.json().path("live").asBoolean()).isTrue();
            assertThat(r.json().path("database").path("reachable").asBoolean()).isTrue();
            assertThat(r.json().path("migrations").path("pending").asInt()).isEqualTo(1);
            assertThat(r.json().path("migrations").path("applied").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnreachableDatabaseMakesTheServerUnreadyButStillLive() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            String db = pg.database();
            try (var admin = pg.dataSource(db.equals("postgres") ? "template1" : "postgres").getConnection();
                 var st = admin.createStatement()) {
                st.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            }

            TestServer.Response r = server.call("GET", "/api/v1/health", null, (String) null);

            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().path("live").asBoolean()).isTrue();
            assertThat(r.json().path("ready").asBoolean()).isFalse();
            assertThat(r.json().path("database").path("reachable").asBoolean()).isFalse();
            assertThat(r.json().path("database").path("error").asText()).isNotBlank();
        }
    }

    @Test
    void theOpenApiDocumentIsPublicAndOtherRoutesNeedATokenTheServerKnows() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            TestServer.Response doc = server.call("GET", "/api/v1/openapi.json", null, (String) null);
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.json().path("paths").has("/api/v1/health")).isTrue();

            TestServer.Response unknown = server.call("GET", "/api/v1/health", null, "not-a-token");
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.header("content-type")).isEqualTo("application/problem+json");
        }
    }
}
