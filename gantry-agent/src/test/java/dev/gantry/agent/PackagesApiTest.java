package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages routes' edge in-process: bad input is refused before any job or command exists. Only
 * requests that change nothing are made here (the real transactions run in a box, PackagesIT).
 */
class PackagesApiTest {
    @TempDir
    Path dir;
    TestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent(dir);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    private JsonNode firstError(TestAgent.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return r.json().get("errors").get(0);
    }

    @Test
    void optionLikeAndShellLikeNamesAre400NamingEachField() throws Exception {
        TestAgent.Response r = agent.unix("POST", "/api/v1/packages/install",
                "{\"packages\":[\"hello\",\"--reinstall\",\"a b\",\"x;rm\",\"$(id)\",\"../etc\"]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("packages[1]", "packages[2]", "packages[3]", "packages[4]", "packages[5]");
        assertThat(r.json().get("errors").get(0).get("rejected").asText()).isEqualTo("--reinstall");
        assertThat(agent.unix("GET", "/api/v1/jobs", null).json()).isEmpty();
    }

    @Test
    void installWithoutPackagesIs400() throws Exception {
        JsonNode error = firstError(agent.unix("POST", "/api/v1/packages/install", "{\"packages\":[]}"));

        assertThat(error.get("field").asText()).isEqualTo("packages");
        assertThat(error.get("code").asText()).isEqualTo("required");
    }

    @Test
    void anOptionLikeNameInThePathIs400() throws Exception {
        JsonNode error = firstError(agent.unix("GET", "/api/v1/packages/-o", null));

        assertThat(error.get("field").asText()).isEqualTo("name");
        assertThat(error.get("rejected").asText()).isEqualTo("-o");
    }

    @Test
    void searchNeedsATermThatIsNoOption() throws Exception {
        assertThat(firstError(agent.unix("GET", "/api/v1/packages/search", null)).get("field").asText()).isEqualTo("q");
        assertThat(firstError(agent.unix("GET", "/api/v1/packages/search?q=--all", null)).get("rejected").asText())
                .isEqualTo("--all");
    }

    @Test
    void anUnknownScopeIs400() throws Exception {
        assertThat(firstError(agent.unix("GET", "/api/v1/packages?scope=everything", null)).get("field").asText())
                .isEqualTo("scope");
    }

    @Test
    void downloadWantsAnAbsoluteNormalisedDirectory() throws Exception {
        JsonNode relative = firstError(agent.unix("POST", "/api/v1/packages/download",
                "{\"packages\":[\"hello\"],\"directory\":\"debs\"}"));
        JsonNode dotted = firstError(agent.unix("POST", "/api/v1/packages/download",
                "{\"packages\":[\"hello\"],\"directory\":\"/srv/../etc\"}"));
        JsonNode missing = firstError(agent.unix("POST", "/api/v1/packages/download",
                "{\"packages\":[\"hello\"],\"directory\":\"" + dir.resolve("nowhere") + "\"}"));

        assertThat(relative.get("field").asText()).isEqualTo("directory");
        assertThat(dotted.get("field").asText()).isEqualTo("directory");
        assertThat(missing.get("code").asText()).isEqualTo("missing");
        assertThat(agent.unix("GET", "/api/v1/jobs", null).json()).isEmpty();
    }

    @Test
    void aGetOfAChangingRouteIsOnlyARead() throws Exception {
        // GET /packages/install is the info route for a package named "install" (this host's apt knows none)
        TestAgent.Response get = agent.unix("GET", "/api/v1/packages/install", null);

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().get("detail").asText()).isEqualTo("no package install");
        assertThat(agent.unix("GET", "/api/v1/jobs", null).json()).isEmpty();
        assertThat(agent.unix("DELETE", "/api/v1/packages/install", null).status()).isEqualTo(405);
    }

    @Test
    void theOpenApiDocumentListsTheRoutes() throws Exception {
        JsonNode paths = agent.unix("GET", "/api/v1/openapi.json", null).json().get("paths");

        assertThat(paths.has("/api/v1/packages")).isTrue();
        assertThat(paths.get("/api/v1/packages/install").has("post")).isTrue();
        assertThat(paths.get("/api/v1/packages/{name}").has("get")).isTrue();
    }
}
