package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole server over HTTP: resource writes run as jobs of the shared queue, done by its workers. */
class ResourceJobsServerTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path state;

    private static JsonNode awaitState(TestServer server, String path, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            TestServer.Response r = server.admin("GET", path, null);
            if (wanted == null && r.status() == 404) {
                return null;
            }
            last = r.json();
            if (wanted != null && wanted.equals(last.path("state").asText())) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " did not reach " + wanted + ": " + last);
    }

    private static String text(String sql) {
        return pg.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    @Test
    void createUpdateAndRemoveRunAsJobsOfTheQueue() throws Exception {
        try (TestServer server = TestServer.start(pg, state)) {
            assertThat(server.admin("POST", "/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"Acme\"}").status())
                    .isEqualTo(201);
            TestServer.Response created = server.admin("POST", "/api/v1/tenants/acme/networks",
                    "{\"name\":\"lan\",\"spec\":{\"cidr\":\"10.0.0.0/24\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            assertThat(created.header("Location")).startsWith("/api/v1/jobs/");
            assertThat(created.header("Content-Location")).isEqualTo("/api/v1/tenants/acme/networks/"
                    + created.json().get("id").asText());
            awaitState(server, "/api/v1/tenants/acme/networks/lan", "ready");

            TestServer.Response vm = server.admin("POST", "/api/v1/tenants/acme/instances",
                    "{\"name\":\"vm\",\"spec\":{\"network\":\"lan\",\"cpu\":1,\"memory\":134217728}}");
            assertThat(vm.status()).isEqualTo(202);
            // The address is taken in the request's transaction, before the job runs.
            assertThat(vm.json().get("spec").get("ip").asText()).isEqualTo("10.0.0.2");
            JsonNode ready = awaitState(server, "/api/v1/tenants/acme/instances/vm", "ready");

            TestServer.Response job = server.admin("GET", vm.header("Location"), null);
            assertThat(job.status()).isEqualTo(200);
            assertThat(job.json().get("kind").asText()).isEqualTo("instances.create");

            TestServer.Response updated = server.call("PUT", "/api/v1/tenants/acme/instances/vm",
                    "{\"name\":\"vm\",\"spec\":{\"network\":\"lan\",\"cpu\":4,\"memory\":134217728}}",
                    java.util.Map.of("Authorization", "Bearer " + server.adminToken(),
                            "If-Match", "\"" + ready.get("version").asLong() + "\""));
            assertThat(updated.status()).as(updated.body()).isEqualTo(202);
            assertThat(awaitState(server, "/api/v1/tenants/acme/instances/vm", "ready").get("spec").get("cpu").asInt())
                    .isEqualTo(4);

            assertThat(server.admin("DELETE", "/api/v1/tenants/acme/instances/vm", null).status()).isEqualTo(202);
            awaitState(server, "/api/v1/tenants/acme/instances/vm", null);

            assertThat(text("SELECT string_agg(kind || ':' || state, ',' ORDER BY created_at, kind) FROM jobs"))
                    .isEqualTo("networks.create:succeeded,instances.create:succeeded,instances.update:succeeded,"
                            + "instances.remove:succeeded");
            assertThat(text("SELECT string_agg(call || ' ' || type, ',' ORDER BY seq) FROM provider_calls"))
                    .isEqualTo("create networks,create instances,update instances,remove instances");
            // The tenant still owns the network: the tenants API refuses to delete it.
            assertThat(server.admin("DELETE", "/api/v1/tenants/acme", null).status()).isEqualTo(409);
        }
    }
}
