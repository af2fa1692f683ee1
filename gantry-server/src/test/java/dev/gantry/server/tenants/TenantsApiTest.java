package dev.gantry.server.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Caller;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TenantsApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    /** A tenant user of acme who may manage instances, and an admin known to the identity. */
    private static final ServerIdentity IDENTITY = token -> switch (token) {
        case "acme-user" -> Optional.of(new Caller("alice", Caller.Kind.TOKEN, Set.of("instances:write"), Optional.of("acme")));
        case "oidc-admin" -> Optional.of(new Caller("root", Caller.Kind.TOKEN, Set.of("admin"), Optional.empty()));
        default -> Optional.empty();
    };

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(pg, dir, IDENTITY, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void anAdminCreatesReadsChangesAndDeletesATenant() throws Exception {
        TestServer.Response created = server.admin("POST", "/api/v1/tenants",
                "{\"id\":\"acme\",\"displayName\":\"ACME Corp\",\"billingReference\":\"cust-17\",\"quotas\":{\"instances\":10}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("location")).isEqualTo("/api/v1/tenants/acme");
        assertThat(created.json().path("quotas").path("instances").asLong()).isEqualTo(10);
        assertThat(row("acme")).containsEntry("display_name", "ACME Corp").containsEntry("billing_reference", "cust-17")
                .containsEntry("quotas", "{\"instances\": 10}");

        JsonNode got = server.admin("GET", "/api/v1/tenants/acme", null).json();
        assertThat(got.path("displayName").asText()).isEqualTo("ACME Corp");

        TestServer.Response patched = server.admin("PATCH", "/api/v1/tenants/acme",
                "{\"displayName\":\"ACME\",\"billingReference\":\"\",\"quotas\":{\"disks\":0}}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(row("acme")).containsEntry("display_name", "ACME").containsEntry("billing_reference", null)
                .containsEntry("quotas", "{\"disks\": 0}");

        server.admin("POST", "/api/v1/tenants", "{\"id\":\"beta2\",\"displayName\":\"Beta\"}");
        JsonNode list = server.admin("GET", "/api/v1/tenants", null).json();
        assertThat(list).extracting(n -> n.path("id").asText()).containsExactly("acme", "beta2");
        JsonNode page = server.admin("GET", "/api/v1/tenants?after=acme&limit=1", null).json();
        assertThat(page).extracting(n -> n.path("id").asText()).containsExactly("beta2");

        assertThat(server.admin("DELETE", "/api/v1/tenants/acme", null).status()).isEqualTo(204);
        assertThat(ids()).containsExactly("beta2");
        assertThat(server.admin("GET", "/api/v1/tenants/acme", null).status()).isEqualTo(404);
        assertThat(server.admin("DELETE", "/api/v1/tenants/acme", null).status()).isEqualTo(404);
    }

    @Test
    void invalidInputIsA400NamingEveryFieldAndWritesNothing() throws Exception {
        TestServer.Response r = server.admin("POST", "/api/v1/tenants",
                "{\"id\":\"Bad_Id\",\"displayName\":\" \",\"quotas\":{\"instances\":-1,\"Bad Type\":1}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-type")).isEqualTo("application/problem+json");
        assertThat(r.json().path("type").asText()).isEqualTo("https://gantry.dev/problems/invalid-request");
        assertThat(r.json().path("errors")).extracting(e -> e.path("field").asText() + ":" + e.path("code").asText())
                .containsExactlyInAnyOrder("id:pattern", "displayName:required", "quotas.instances:range",
                        "quotas.Bad Type:type");
        assertThat(ids()).isEmpty();

        for (String body : List.of("{\"displayName\":\"No id\"}", "{\"id\":\"x\"}",
                "{\"id\":\"" + "a".repeat(64) + "\",\"displayName\":\"Long\"}",
                "{\"id\":\"ok\",\"displayName\":\"X\",\"colour\":\"red\"}",
                "{\"id\":\"ok\",\"displayName\":\"X\",\"quotas\":{\"instances\":\"many\"}}", "not json")) {
            TestServer.Response bad = server.admin("POST", "/api/v1/tenants", body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.header("content-type")).as(body).isEqualTo("application/problem+json");
        }
        assertThat(ids()).isEmpty();
    }

    @Test
    void aTakenIdIsAConflictAndLeavesTheFirstTenantAsItWas() throws Exception {
        server.admin("POST", "/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"First\"}");

        TestServer.Response again = server.admin("POST", "/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"Second\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).isEqualTo("tenant acme already exists");
        assertThat(row("acme")).containsEntry("display_name", "First");
    }

    @Test
    void aBadPatchChangesNothing() throws Exception {
        server.admin("POST", "/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"ACME\",\"quotas\":{\"instances\":3}}");

        assertThat(server.admin("PATCH", "/api/v1/tenants/acme", "{}").status()).isEqualTo(400);
        TestServer.Response r = server.admin("PATCH", "/api/v1/tenants/acme", "{\"displayName\":\"New\",\"quotas\":{\"instances\":-5}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("quotas.instances");
        assertThat(row("acme")).containsEntry("display_name", "ACME").containsEntry("quotas", "{\"instances\": 3}");
        assertThat(server.admin("PATCH", "/api/v1/tenants/nosuch", "{\"displayName\":\"X\"}").status()).isEqualTo(404);
    }

    @Test
    void aTenantStillReferencedCannotBeDeleted() throws Exception {
        server.admin("POST", "/api/v1/tenants", "{\"id\":\"acme\",\"displayName\":\"ACME\"}");
        pg.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE owned (tenant text NOT NULL REFERENCES tenants (id))");
            h.execute("INSERT INTO owned VALUES ('acme')");
        });

        TestServer.Response r = server.admin("DELETE", "/api/v1/tenants/acme", null);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().path("detail").asText()).startsWith("tenant acme still owns resources");
        assertThat(ids()).containsExactly("acme");
    }

    @Test
    void onlyAdminsReachTenants() throws Exception {
        assertThat(server.call("GET", "/api/v1/tenants", null, (String) null).status()).isEqualTo(401);
        assertThat(server.call("POST", "/api/v1/tenants", "{\"id\":\"x\",\"displayName\":\"X\"}", (String) null).status())
                .isEqualTo(401);
        assertThat(server.call("GET", "/api/v1/tenants", null, "wrong-token").status()).isEqualTo(401);
        TestServer.Response tenantUser = server.call("POST", "/api/v1/tenants", "{\"id\":\"x\",\"displayName\":\"X\"}", "acme-user");
        assertThat(tenantUser.status()).isEqualTo(403);
        assertThat(server.call("GET", "/api/v1/tenants/x", null, "acme-user").status()).isEqualTo(403);
        assertThat(server.call("DELETE", "/api/v1/tenants/x", null, "acme-user").status()).isEqualTo(403);
        assertThat(ids()).isEmpty();

        assertThat(server.call("POST", "/api/v1/tenants", "{\"id\":\"x\",\"displayName\":\"X\"}", "oidc-admin").status())
                .isEqualTo(201);
        assertThat(ids()).containsExactly("x");
    }

    private static Map<String, Object> row(String id) {
        return pg.jdbi().withHandle(h -> h.createQuery(
                "SELECT display_name, billing_reference, quotas::text AS quotas FROM tenants WHERE id = :id")
                .bind("id", id).mapToMap().one());
    }

    private static List<String> ids() {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT id FROM tenants ORDER BY id").mapTo(String.class).list());
    }
}
