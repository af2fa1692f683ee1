package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.common.http.Access;
import dev.gantry.server.auth.AuthConfig;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 401/403 matrix of every route family, over HTTP against a whole server: no credentials, a bad
 * token, a token for other types, the route's own scope (and, for writes, the read scope alone), and
 * an admin. One line of {@link #ROUTES} per route; {@code {tenant}} in a path is the caller's tenant
 * (acme; globex is the other tenant).
 */
class AccessMatrixTest {
    /** One route as a caller sees it: what it needs, and a request that passes validation. */
    record Row(String method, String path, String body, String module, Access need) {
        boolean open() {
            return need == null;
        }

        String in(String tenant) {
            return path.replace("{tenant}", tenant);
        }

        boolean tenanted() {
            return path.contains("{tenant}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static Row open(String method, String path) {
        return new Row(method, path, null, "", null);
    }

    private static Row needs(Access access, String module, String method, String path, String body) {
        return new Row(method, path, body, module, access);
    }

    static final List<Row> ROUTES = List.of(
            open("GET", "/api/v1/health"),
            open("GET", "/api/v1/openapi.json"),
            needs(Access.ADMIN, "tokens", "GET", "/api/v1/tokens", null),
            needs(Access.ADMIN, "tokens", "POST", "/api/v1/tokens", "{\"name\":\"made\",\"scopes\":[\"jobs:read\"]}"),
            needs(Access.ADMIN, "tokens", "DELETE", "/api/v1/tokens/none", null),
            needs(Access.ADMIN, "tenants", "GET", "/api/v1/tenants", null),
            needs(Access.ADMIN, "tenants", "POST", "/api/v1/tenants", "{\"id\":\"initech\",\"displayName\":\"Initech\"}"),
            needs(Access.ADMIN, "tenants", "GET", "/api/v1/tenants/{tenant}", null),
            needs(Access.ADMIN, "tenants", "PATCH", "/api/v1/tenants/{tenant}", "{\"displayName\":\"Acme Inc\"}"),
            needs(Access.ADMIN, "tenants", "DELETE", "/api/v1/tenants/nobody", null),
            needs(Access.ADMIN, "clusters", "GET", "/api/v1/clusters", null),
            needs(Access.ADMIN, "clusters", "POST", "/api/v1/clusters",
                    "{\"name\":\"pve\",\"kind\":\"proxmox\",\"url\":\"pve.example\",\"credentials\":{\"user\":\"root@pam\",\"password\":\"pw\"}}"),
            needs(Access.ADMIN, "clusters", "GET", "/api/v1/clusters/nowhere", null),
            needs(Access.ADMIN, "clusters", "PUT", "/api/v1/clusters/nowhere", "{\"kind\":\"proxmox\",\"url\":\"pve.example\"}"),
            needs(Access.ADMIN, "clusters", "DELETE", "/api/v1/clusters/nowhere", null),
            needs(Access.ADMIN, "crawler", "POST", "/api/v1/inventory/crawls", null),
            needs(Access.READ, "crawler", "GET", "/api/v1/inventory/crawls/1", null),
            needs(Access.ADMIN, "crawler", "POST", "/api/v1/inventory/purge", "{\"before\":\"2026-01-01T00:00:00Z\"}"),
            needs(Access.READ, "jobs", "GET", "/api/v1/jobs/00000000-0000-0000-0000-000000000000", null),
            needs(Access.READ, "jobs", "GET", "/api/v1/tenants/{tenant}/jobs", null));

    private static final String TENANT = "acme";
    private static final String AUDIENCE = "gantry-api";

    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static MockOAuth2Server idp;

    @TempDir
    Path dir;

    @BeforeAll
    static void startIdentityProvider() {
        idp = new MockOAuth2Server();
        idp.start();
        // The mock's first answer (class loading) can take seconds on a busy machine; take it here.
        idp.issueToken("default", "warm-up", "x", java.util.Map.of(), 60L);
        try (var in = idp.wellKnownUrl("default").url().openStream()) {
            in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    private TestServer start() throws Exception {
        TestServer server = TestServer.start(pg, dir, AuthConfig.oidc(idp.issuerUrl("default").uri(), AUDIENCE));
        for (String tenant : List.of(TENANT, "globex")) {
            assertThat(server.admin("POST", "/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"displayName\":\"" + tenant + "\"}")
                    .status()).isEqualTo(201);
        }
        return server;
    }

    /** A local API token of tenant acme made through the API, as an operator would. */
    private static String token(TestServer server, String scope) throws Exception {
        String name = "t-" + scope.replaceAll("[^a-z]", "-") + "-" + System.nanoTime();
        TestServer.Response r = server.admin("POST", "/api/v1/tokens",
                "{\"name\":\"" + name + "\",\"tenant\":\"" + TENANT + "\",\"scopes\":[\"" + scope + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    private static String scope(Row row, Access access) {
        return switch (access) {
            case READ -> row.module() + ":read";
            case WRITE -> row.module() + ":write";
            case ADMIN -> "admin";
        };
    }

    private static boolean passes(TestServer.Response r) {
        return r.status() != 401 && r.status() != 403;
    }

    @Test
    void withoutCredentialsOnlyTheOpenRoutesAnswerAndTheOthersChallenge() throws Exception {
        try (TestServer server = start()) {
            SoftAssertions soft = new SoftAssertions();
            for (Row row : ROUTES) {
                TestServer.Response r = server.call(row.method(), row.in(TENANT), row.body(), (String) null);
                if (row.open()) {
                    soft.assertThat(r.status()).as(row + " " + r.body()).isEqualTo(200);
                } else {
                    soft.assertThat(r.status()).as(row.toString()).isEqualTo(401);
                    soft.assertThat(r.header("WWW-Authenticate")).as(row.toString()).isEqualTo("Bearer realm=\"gantry\"");
                    soft.assertThat(r.header("Content-Type")).as(row.toString()).isEqualTo("application/problem+json");
                }
            }
            soft.assertAll();
        }
    }

    @Test
    void aBadTokenIsA401InvalidTokenOnEveryRoute() throws Exception {
        try (TestServer server = start()) {
            SoftAssertions soft = new SoftAssertions();
            for (Row row : ROUTES) {
                for (String bad : List.of("gantrysrv_000000000000_" + "A".repeat(43), "eyJhbGciOiJub25lIn0.e30.")) {
                    TestServer.Response r = server.call(row.method(), row.in(TENANT), row.body(), bad);
                    soft.assertThat(r.status()).as(row + " with " + bad).isEqualTo(401);
                    soft.assertThat(r.header("WWW-Authenticate")).as(row.toString())
                            .isEqualTo("Bearer realm=\"gantry\", error=\"invalid_token\"");
                }
            }
            soft.assertAll();
        }
    }

    @Test
    void eachRouteNeedsItsOwnScopeAndAWriteIsMoreThanARead() throws Exception {
        try (TestServer server = start()) {
            String unrelated = token(server, "nothing:write");
            SoftAssertions soft = new SoftAssertions();
            for (Row row : ROUTES) {
                if (row.open()) {
                    continue;
                }
                TestServer.Response other = server.call(row.method(), row.in(TENANT), row.body(), unrelated);
                soft.assertThat(other.status()).as(row + " with nothing:write").isEqualTo(403);
                soft.assertThat(other.header("Content-Type")).as(row.toString()).isEqualTo("application/problem+json");
                soft.assertThat(other.header("WWW-Authenticate")).as(row.toString())
                        .isEqualTo("Bearer realm=\"gantry\", error=\"insufficient_scope\""
                                + (row.need() == Access.ADMIN ? "" : ", scope=\"" + scope(row, row.need()) + "\""));
                if (row.need() != Access.READ) {
                    Access lesser = row.need() == Access.ADMIN ? Access.WRITE : Access.READ;
                    String weaker = token(server, scope(row, lesser));
                    TestServer.Response r = server.call(row.method(), row.in(TENANT), row.body(), weaker);
                    soft.assertThat(r.status()).as(row + " with " + scope(row, lesser)).isEqualTo(403);
                }
                if (row.need() != Access.ADMIN) {
                    TestServer.Response r = server.call(row.method(), row.in(TENANT), row.body(), token(server, scope(row, row.need())));
                    soft.assertThat(passes(r)).as(row + " with " + scope(row, row.need()) + ": " + r.status()).isTrue();
                }
                if (row.tenanted() && row.need() != Access.ADMIN) {
                    // Another tenant's things answer as if they did not exist (TenantScope).
                    TestServer.Response r = server.call(row.method(), row.in("globex"), row.body(),
                            token(server, scope(row, row.need())));
                    soft.assertThat(r.status()).as(row + " of another tenant").isEqualTo(404);
                }
            }
            soft.assertAll();
        }
    }

    @Test
    void anAdminTokenPassesEveryRoute() throws Exception {
        try (TestServer server = start()) {
            String admin = token(server, "admin");
            SoftAssertions soft = new SoftAssertions();
            for (Row row : ROUTES) {
                TestServer.Response r = server.call(row.method(), row.in(TENANT), row.body(), admin);
                soft.assertThat(passes(r)).as(row + " as admin: " + r.status() + " " + r.body()).isTrue();
            }
            soft.assertAll();
        }
    }

    @Test
    void anOidcAccessTokenWorksOverHttpAndOneForAnotherAudienceIsRefusedWithItsReason() throws Exception {
        try (TestServer server = start()) {
            String admin = idp.issueToken("default", "ops", AUDIENCE, Map.of("scope", "openid admin"), 300L).serialize();
            TestServer.Response ok = server.call("GET", "/api/v1/tokens", null, admin);
            assertThat(ok.status()).isEqualTo(200);

            String reader = idp.issueToken("default", "bob", AUDIENCE, Map.of("tenant", TENANT, "scope", "tokens:read"), 300L).serialize();
            TestServer.Response forbidden = server.call("GET", "/api/v1/tokens", null, reader);
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.json().path("detail").asText()).isEqualTo("oidc:bob may not administer tokens");

            String foreign = idp.issueToken("default", "ops", "another-api", Map.of("scope", "admin"), 300L).serialize();
            TestServer.Response refused = server.call("GET", "/api/v1/tokens", null, foreign);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"gantry\", error=\"invalid_token\"");
            assertThat(refused.json().path("detail").asText()).isEqualTo("the token was refused: JWT aud claim rejected");
        }
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextRequest() throws Exception {
        try (TestServer server = start()) {
            TestServer.Response made = server.admin("POST", "/api/v1/tokens",
                    "{\"name\":\"ops\",\"scopes\":[\"admin\"],\"expiresIn\":\"P30D\"}");
            assertThat(made.status()).isEqualTo(201);
            String token = made.json().path("token").asText();
            assertThat(server.call("GET", "/api/v1/tokens", null, token).status()).isEqualTo(200);

            assertThat(server.admin("DELETE", "/api/v1/tokens/ops", null).status()).isEqualTo(204);
            TestServer.Response r = server.call("GET", "/api/v1/tokens", null, token);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("detail").asText()).isEqualTo("the API token is unknown or revoked");
            int rows = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_tokens WHERE name = 'ops'")
                    .mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }
    }

    @Test
    void aBadTokenRequestIsA400NamingEachFieldAndWritesNothing() throws Exception {
        try (TestServer server = start()) {
            TestServer.Response r = server.admin("POST", "/api/v1/tokens",
                    "{\"name\":\"a b\",\"tenant\":\"ACME\",\"scopes\":[\"*\"],\"expiresIn\":\"soon\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("errors").findValuesAsText("field"))
                    .containsExactly("name", "tenant", "scopes[0]", "expiresIn");
            int rows = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_tokens").mapTo(Integer.class).one());
            assertThat(rows).isZero();
        }
    }

}
