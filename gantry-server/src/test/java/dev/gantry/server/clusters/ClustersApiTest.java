package dev.gantry.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Caller;
import dev.gantry.common.json.Json;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.clusters.ClusterAccess.AgentEndpoint;
import dev.gantry.server.clusters.ClusterAccess.Credentials;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** /api/v1/clusters over HTTP against a whole server, checked against the rows and the server's ClusterDirectory. */
class ClustersApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    static final String PASSWORD = "pve-Pa55word-never-shown";
    static final String TOKEN_SECRET = "5f1e7c2a-0d3b-4c8e-9a61-7b2f0e4d9c11";
    static final String AGENT_TOKEN = "gantry_agent-token-never-shown";
    static final String FINGERPRINT = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    private static final ServerIdentity IDENTITY = token -> switch (token) {
        case "reader" -> Optional.of(new Caller("bob", Caller.Kind.TOKEN, Set.of("clusters:read", "instances:write"), Optional.empty()));
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

    static String proxmoxWithPassword(String name) {
        return """
                {"name":"%s","kind":"proxmox","url":"pve1.example.org","credentials":{"user":"root@pam","password":"%s"},
                 "fingerprint":"%s","template":"debian-12","storageDisk":"local-lvm",
                 "excludeNodes":["pve3"],"groups":["prod","eu"],"weight":2}"""
                .formatted(name, PASSWORD, FINGERPRINT.toLowerCase().replace(":", ""));
    }

    @Test
    void anAdminRegistersAProxmoxClusterAndTheDirectoryOpensItsCredentials() throws Exception {
        TestServer.Response created = server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("location")).isEqualTo("/api/v1/clusters/pve-eu");
        JsonNode body = created.json();
        assertThat(body.path("url").asText()).isEqualTo("https://pve1.example.org");
        assertThat(body.path("port").asInt()).isEqualTo(8006);
        assertThat(body.path("fingerprint").asText()).isEqualTo(FINGERPRINT);
        assertThat(body.path("insecure").asBoolean()).isFalse();
        assertThat(body.path("credentials")).isEqualTo(Json.mapper().readTree("{\"type\":\"password\",\"user\":\"root@pam\"}"));
        assertThat(body.path("excludeNodes").toString()).isEqualTo("[\"pve3\"]");
        assertThat(body.path("groups").toString()).isEqualTo("[\"prod\",\"eu\"]");
        assertThat(body.path("weight").asDouble()).isEqualTo(2.0);

        ClusterAccess access = server.server().clusters().find("pve-eu").orElseThrow();
        assertThat(access).isEqualTo(new ClusterAccess("pve-eu", ClusterAccess.Kind.PROXMOX, URI.create("https://pve1.example.org:8006"),
                false, Optional.of(FINGERPRINT), new Credentials.Password("root@pam", PASSWORD), Optional.of("debian-12"),
                Optional.of("local-lvm"), List.of("pve3"), List.of("prod", "eu"), 2.0));
        assertThat(server.server().clusters().all()).containsExactly(access);
        assertThat(rowCount("clusters")).isEqualTo(1);
        assertThat(rowCount("data_keys")).isEqualTo(1);
    }

    @Test
    void getNeverReturnsASecretOfAnyKindOfCredentials() throws Exception {
        assertThat(server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-a")).status()).isEqualTo(201);
        assertThat(server.admin("POST", "/api/v1/clusters", """
                {"name":"pve-b","kind":"proxmox","url":"https://10.0.0.5:8443","insecure":true,
                 "credentials":{"tokenId":"root@pam!gantry","tokenSecret":"%s"}}""".formatted(TOKEN_SECRET)).status()).isEqualTo(201);
        TestServer.Response gantry = server.admin("POST", "/api/v1/clusters", """
                {"name":"hosts","kind":"gantry","credentials":{"agents":[
                   {"url":"https://h1.example:5208","token":"%s"},
                   {"url":"https://h2.example:5208","clientCertificate":"%s"},
                   {"url":"https://h3.example:5208","token":"%s","clientCertificate":"%s"}]}}"""
                .formatted(AGENT_TOKEN, TestPem.CERT_AND_KEY.replace("\n", "\\n"),
                        AGENT_TOKEN, TestPem.CERT_AND_KEY.replace("\n", "\\n")));
        assertThat(gantry.status()).as(gantry.body()).isEqualTo(201);

        String list = server.admin("GET", "/api/v1/clusters", null).body();
        String one = server.admin("GET", "/api/v1/clusters/hosts", null).body();

        for (String text : List.of(list, one)) {
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN_SECRET).doesNotContain(AGENT_TOKEN)
                    .doesNotContain("PRIVATE KEY").doesNotContain("\"password\":").doesNotContain("tokenSecret");
        }
        JsonNode all = Json.mapper().readTree(list);
        assertThat(all).extracting(c -> c.path("name").asText()).containsExactly("hosts", "pve-a", "pve-b");
        assertThat(all.get(2).path("credentials")).isEqualTo(Json.mapper().readTree("{\"type\":\"token\",\"tokenId\":\"root@pam!gantry\"}"));
        assertThat(all.get(2).path("port").asInt()).isEqualTo(8443);
        assertThat(Json.mapper().readTree(one).path("credentials")).isEqualTo(Json.mapper().readTree("""
                {"type":"agents","agents":[{"url":"https://h1.example:5208","auth":"token"},
                                           {"url":"https://h2.example:5208","auth":"clientCertificate"},
                                           {"url":"https://h3.example:5208","auth":"token+clientCertificate"}]}"""));
        assertThat(Json.mapper().readTree(one).path("url").asText()).isEqualTo("https://h1.example");

        assertThat(server.server().clusters().find("pve-b").orElseThrow().credentials())
                .isEqualTo(new Credentials.ApiToken("root@pam!gantry", TOKEN_SECRET));
        assertThat(server.server().clusters().find("hosts").orElseThrow().credentials()).isEqualTo(new Credentials.Agents(List.of(
                new AgentEndpoint(URI.create("https://h1.example:5208"), Optional.of(AGENT_TOKEN), Optional.empty()),
                new AgentEndpoint(URI.create("https://h2.example:5208"), Optional.empty(), Optional.of(TestPem.CERT_AND_KEY)),
                new AgentEndpoint(URI.create("https://h3.example:5208"), Optional.of(AGENT_TOKEN),
                        Optional.of(TestPem.CERT_AND_KEY)))));
    }

    @Test
    void putWithoutCredentialsKeepsThemAndReplacesEverythingElse() throws Exception {
        server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));
        byte[] sealedBefore = sealed("pve-eu");

        TestServer.Response put = server.admin("PUT", "/api/v1/clusters/pve-eu",
                "{\"kind\":\"proxmox\",\"url\":\"https://pve2.example.org\",\"port\":8007,\"weight\":0.5}");

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        ClusterAccess access = server.server().clusters().find("pve-eu").orElseThrow();
        assertThat(access.url()).isEqualTo(URI.create("https://pve2.example.org:8007"));
        assertThat(access.credentials()).isEqualTo(new Credentials.Password("root@pam", PASSWORD));
        assertThat(access.fingerprint()).isEmpty();
        assertThat(access.groups()).isEmpty();
        assertThat(access.weight()).isEqualTo(0.5);
        assertThat(sealed("pve-eu")).as("sealed again under a fresh data key").isNotEqualTo(sealedBefore);
        assertThat(rowCount("data_keys")).as("the old data key is deleted").isEqualTo(1);

        TestServer.Response newCredentials = server.admin("PUT", "/api/v1/clusters/pve-eu", """
                {"name":"pve-eu","kind":"proxmox","url":"https://pve2.example.org:8007",
                 "credentials":{"tokenId":"gantry@pve!crawler","tokenSecret":"%s"}}""".formatted(TOKEN_SECRET));
        assertThat(newCredentials.status()).as(newCredentials.body()).isEqualTo(200);
        assertThat(newCredentials.json().path("credentials").path("type").asText()).isEqualTo("token");
        assertThat(server.server().clusters().find("pve-eu").orElseThrow().credentials())
                .isEqualTo(new Credentials.ApiToken("gantry@pve!crawler", TOKEN_SECRET));
    }

    @Test
    void invalidBodiesAre400NamingEachFieldWithNothingWritten() throws Exception {
        TestServer.Response bad = server.admin("POST", "/api/v1/clusters", """
                {"name":"Bad_Name","kind":"proxmox","url":"ftp://x","port":70000,"weight":0,
                 "fingerprint":"zz","groups":["ok","not ok"],
                 "credentials":{"user":"root","password":"%s","tokenSecret":"%s"}}""".formatted(PASSWORD, TOKEN_SECRET));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("content-type")).startsWith("application/problem+json");
        assertThat(bad.json().path("errors")).extracting(e -> e.path("field").asText() + " " + e.path("code").asText())
                .containsExactlyInAnyOrder("name pattern", "url url", "port range", "weight range", "fingerprint pattern",
                        "groups[1] pattern", "credentials ambiguous");
        assertThat(bad.body()).doesNotContain(PASSWORD).doesNotContain(TOKEN_SECRET);

        TestServer.Response noCredentials = server.admin("POST", "/api/v1/clusters", "{\"name\":\"a\",\"kind\":\"proxmox\",\"url\":\"h\"}");
        assertThat(noCredentials.status()).isEqualTo(400);
        assertThat(noCredentials.json().path("errors").get(0).path("field").asText()).isEqualTo("credentials");

        TestServer.Response neither = server.admin("POST", "/api/v1/clusters", """
                {"name":"a","kind":"gantry","credentials":{"agents":[{"url":"https://h:1"}]}}""");
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.json().path("errors").get(0).path("field").asText()).isEqualTo("credentials.agents[0].token");

        TestServer.Response badCertificate = server.admin("POST", "/api/v1/clusters", """
                {"name":"a","kind":"gantry","credentials":{"agents":[{"url":"https://h:1","token":"t","clientCertificate":"c"}]}}""");
        assertThat(badCertificate.status()).isEqualTo(400);
        assertThat(badCertificate.json().path("errors").get(0).path("field").asText())
                .isEqualTo("credentials.agents[0].clientCertificate");

        assertThat(rowCount("clusters")).isZero();
        assertThat(rowCount("data_keys")).isZero();
    }

    @Test
    void aDuplicateNameIs409AndAnUnknownOne404WithNothingChanged() throws Exception {
        server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));
        byte[] sealed = sealed("pve-eu");

        TestServer.Response duplicate = server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("detail").asText()).isEqualTo("cluster pve-eu already exists");
        assertThat(rowCount("clusters")).isEqualTo(1);
        assertThat(rowCount("data_keys")).isEqualTo(1);
        assertThat(sealed("pve-eu")).isEqualTo(sealed);

        for (String method : List.of("GET", "PUT", "DELETE")) {
            TestServer.Response r = server.admin(method, "/api/v1/clusters/nosuch",
                    method.equals("PUT") ? "{\"kind\":\"proxmox\",\"url\":\"h\"}" : null);
            assertThat(r.status()).as(method).isEqualTo(404);
            assertThat(r.json().path("detail").asText()).isEqualTo("no cluster nosuch");
        }

        TestServer.Response kindChange = server.admin("PUT", "/api/v1/clusters/pve-eu",
                "{\"kind\":\"gantry\",\"url\":\"https://h1:5208\"}");
        assertThat(kindChange.status()).isEqualTo(400);
        assertThat(kindChange.json().path("errors").get(0).path("field").asText()).isEqualTo("credentials");
        TestServer.Response rename = server.admin("PUT", "/api/v1/clusters/pve-eu", "{\"name\":\"other\",\"kind\":\"proxmox\",\"url\":\"h\"}");
        assertThat(rename.status()).isEqualTo(400);
        assertThat(sealed("pve-eu")).isEqualTo(sealed);
        assertThat(server.server().clusters().find("pve-eu").orElseThrow().kind()).isEqualTo(ClusterAccess.Kind.PROXMOX);
    }

    @Test
    void deleteRemovesTheClusterAndItsDataKey() throws Exception {
        server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));

        TestServer.Response deleted = server.admin("DELETE", "/api/v1/clusters/pve-eu", null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(rowCount("clusters")).isZero();
        assertThat(rowCount("data_keys")).isZero();
        assertThat(server.server().clusters().all()).isEmpty();
    }

    @Test
    void onlyAnAdminReachesClusters() throws Exception {
        server.admin("POST", "/api/v1/clusters", proxmoxWithPassword("pve-eu"));

        assertThat(server.call("GET", "/api/v1/clusters", null, (String) null).status()).isEqualTo(401);
        assertThat(server.call("GET", "/api/v1/clusters", null, "wrong").status()).isEqualTo(401);
        TestServer.Response reader = server.call("GET", "/api/v1/clusters/pve-eu", null, "reader");
        assertThat(reader.status()).isEqualTo(403);
        assertThat(reader.body()).doesNotContain("root@pam");
        assertThat(server.call("DELETE", "/api/v1/clusters/pve-eu", null, "reader").status()).isEqualTo(403);
        assertThat(rowCount("clusters")).isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentDescribesTheRoutesAndNoResponseSchemaHasASecret() throws Exception {
        JsonNode api = server.call("GET", "/api/v1/openapi.json", null, (String) null).json();

        JsonNode paths = api.path("paths");
        assertThat(paths.path("/api/v1/clusters").has("get")).isTrue();
        assertThat(paths.path("/api/v1/clusters").path("post").has("requestBody")).isTrue();
        assertThat(paths.path("/api/v1/clusters/{name}").path("put").has("requestBody")).isTrue();
        assertThat(paths.path("/api/v1/clusters/{name}").has("delete")).isTrue();
        JsonNode schemas = api.path("components").path("schemas");
        assertThat(schemas.path("ClusterRequest").path("properties").has("credentials")).isTrue();
        assertThat(schemas.path("CredentialsInput").path("properties").has("tokenSecret")).isTrue();
        for (String response : List.of("Cluster", "CredentialsInfo")) {
            assertThat(schemas.path(response).path("properties").fieldNames()).toIterable().as(response)
                    .isNotEmpty().doesNotContain("password", "tokenSecret", "token", "clientCertificate");
        }
    }

    private static long rowCount(String table) {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private static byte[] sealed(String name) {
        return pg.jdbi().withHandle(h -> h.createQuery("SELECT credentials FROM clusters WHERE name = :n").bind("n", name)
                .mapTo(byte[].class).one());
    }
}
