package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's core API over its real listeners. The caller on the socket is root (tests run as root). */
class AgentApiTest {
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

    private String token(String name, String scopes) throws Exception {
        TestAgent.Response r = agent.unix("POST", "/api/v1/tokens",
                "{\"name\":\"" + name + "\",\"scopes\":[" + scopes + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void theAgentDescribesItselfOnBothListenersAtOnce() throws Exception {
        TestAgent.Response unix = agent.unix("GET", "/api/v1/agent", null);
        TestAgent.Response tcp = agent.tcp("GET", "/api/v1/agent", null, token("reader", "\"agent:read\""));
        assertThat(unix.status()).isEqualTo(200);
        assertThat(tcp.status()).isEqualTo(200);
        JsonNode info = unix.json();
        assertThat(info.get("version").asText()).isNotBlank();
        assertThat(info.get("modules")).extracting(JsonNode::asText)
                .containsExactly("agent", "tokens", "jobs", "events", "systemd", "system", "sysctl", "network", "ethtool", "accounts",
                        "proc", "metrics", "firewall", "packages", "machines");
        assertThat(info.get("listeners")).extracting(l -> l.get("kind").asText()).containsExactly("unix", "tcp");
        assertThat(info.get("authentication").asBoolean()).isTrue();
    }

    @Test
    void tcpWithoutATokenIs401WithAProblem() throws Exception {
        TestAgent.Response r = agent.tcp("GET", "/api/v1/agent", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(r.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void aMadeUpTokenIs401() throws Exception {
        assertThat(agent.tcp("GET", "/api/v1/agent", null, "gantry_abc_def").status()).isEqualTo(401);
        assertThat(agent.tcp("GET", "/api/v1/agent", null, "nonsense").status()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheNeededScopeIs403() throws Exception {
        String reader = token("agent-reader", "\"agent:read\"");
        assertThat(agent.tcp("GET", "/api/v1/jobs", null, reader).status()).isEqualTo(403);
        assertThat(agent.tcp("POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":1}", reader).status())
                .isEqualTo(403);
        String readAll = token("all-reader", "\"*:read\"");
        assertThat(agent.tcp("GET", "/api/v1/jobs", null, readAll).status()).isEqualTo(200);
        assertThat(agent.tcp("GET", "/api/v1/tokens", null, readAll).status()).isEqualTo(403);
    }

    @Test
    void onlyTheStarScopeManagesTokensOverTcp() throws Exception {
        String jobsWriter = token("jobs-writer", "\"jobs:write\"");
        assertThat(agent.tcp("POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"*\"]}", jobsWriter).status())
                .isEqualTo(403);
        String admin = token("admin", "\"*\"");
        assertThat(agent.tcp("POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"agent:read\"]}", admin)
                .status()).isEqualTo(201);
    }

    @Test
    void aRevokedTokenIs401() throws Exception {
        TestAgent.Response created = agent.unix("POST", "/api/v1/tokens", "{\"name\":\"gone\",\"scopes\":[\"*\"]}");
        String token = created.json().get("token").asText();
        assertThat(agent.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(200);
        assertThat(agent.unix("DELETE", "/api/v1/tokens/" + created.json().get("id").asText(), null).status())
                .isEqualTo(204);
        assertThat(agent.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(401);
        assertThat(agent.unix("DELETE", "/api/v1/tokens/" + created.json().get("id").asText(), null).status())
                .isEqualTo(404);
    }

    @Test
    void anExpiredTokenIs401AndListedAsExpired() throws Exception {
        TestAgent.Response created = agent.unix("POST", "/api/v1/tokens",
                "{\"name\":\"short\",\"scopes\":[\"*\"],\"expiresIn\":\"1h\"}");
        String token = created.json().get("token").asText();
        assertThat(agent.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(200);
        agent.clock.advance(Duration.ofMinutes(61));
        assertThat(agent.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(401);
        assertThat(agent.unix("GET", "/api/v1/tokens", null).json().get(0).get("expired").asBoolean()).isTrue();
    }

    @Test
    void noPlainTokenIsWrittenAnywhereUnderTheStateDirectory() throws Exception {
        String token = token("secretive", "\"*\"");
        String secret = token.substring(token.indexOf('_', "gantry_".length()) + 1); // base64url: may hold '_' itself
        Path tokens = dir.resolve("state/tokens.json");
        assertThat(Files.getPosixFilePermissions(tokens)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(f);
                assertThat(content).as(f.toString()).doesNotContain(secret);
            }
        }
        assertThat(agent.unix("GET", "/api/v1/tokens", null).body()).doesNotContain(secret);
    }

    @Test
    void tokenRequestsAreValidatedBeforeAnythingIsStored() throws Exception {
        TestAgent.Response r = agent.unix("POST", "/api/v1/tokens",
                "{\"name\":\"-bad name\",\"scopes\":[\"nosuch:read\"],\"expiresIn\":\"forever\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("name", "expiresIn");
        TestAgent.Response scope = agent.unix("POST", "/api/v1/tokens", "{\"name\":\"ok\",\"scopes\":[\"nosuch:read\"]}");
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().get("errors").get(0).get("field").asText()).isEqualTo("scopes[0]");
        assertThat(agent.unix("GET", "/api/v1/tokens", null).json()).isEmpty();
        assertThat(dir.resolve("state/tokens.json")).doesNotExist();
    }

    @Test
    void aSecondTokenWithTheSameNameIsAConflict() throws Exception {
        token("twin", "\"*\"");
        assertThat(agent.unix("POST", "/api/v1/tokens", "{\"name\":\"twin\",\"scopes\":[\"*\"]}").status())
                .isEqualTo(409);
    }

    @Test
    void badRequestsGetProblemsWithTheRightStatus() throws Exception {
        TestAgent.Response unknown = agent.unix("GET", "/api/v1/no/such/route", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(agent.unix("DELETE", "/api/v1/agent", null).status()).isEqualTo(405);
        assertThat(agent.unix("POST", "/api/v1/tokens", "{not json").status()).isEqualTo(400);
        assertThat(agent.unix("POST", "/api/v1/tokens", null).status()).isEqualTo(400);
        assertThat(agent.unix("GET", "/api/v1/jobs/nope", null).status()).isEqualTo(404);
        assertThat(agent.unix("GET", "/api/v1/jobs/x?wait=forever", null).status()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentIsValidOpenApi31CoveringEveryRoute() throws Exception {
        TestAgent.Response r = agent.unix("GET", "/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, null);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/agent", "/api/v1/openapi.json",
                "/api/v1/tokens", "/api/v1/tokens/{id}", "/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/jobs/noop",
                "/api/v1/events", "/api/v1/systemd/units/{name}", "/api/v1/systemd/units/{name}/{action}",
                "/api/v1/systemd/units/{name}/properties", "/api/v1/systemd/manager/config", "/api/v1/system/hostname",
                "/api/v1/sysctl/{key}", "/api/v1/sysctl/load", "/api/v1/accounts/users/{name}",
                "/api/v1/accounts/groups/{name}", "/api/v1/proc/memory", "/api/v1/firewall/ruleset",
                "/api/v1/packages/{name}", "/api/v1/ethtool/{link}", "/api/v1/ethtool/{link}/features", "/metrics");
        assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/tokens").getPost().getRequestBody()).isNotNull();
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("AgentInfo", "Job", "Problem");
        assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/ethtool/{link}/features").getPatch().getRequestBody())
                .isNotNull();
    }

    @Test
    void theOpenApiValidatorUsedAboveRejectsABrokenDocument() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(
                "{\"openapi\":\"3.1.0\",\"paths\":{\"/x\":{\"get\":{\"responses\":{\"200\":"
                        + "{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":"
                        + "{\"$ref\":\"#/components/schemas/Missing\"}}}}}}}}}", null, null);
        assertThat(parsed.getMessages()).isNotEmpty();
    }

    @Test
    void aJobAnswers202WithItsLocationAndIsFollowedToItsEnd() throws Exception {
        TestAgent.Response r = agent.unix("POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":2}");
        assertThat(r.status()).isEqualTo(202);
        String location = r.header("Location");
        assertThat(location).isEqualTo("/api/v1/jobs/" + r.json().get("id").asText());
        JsonNode done = agent.unix("GET", location + "?wait=30", null).json();
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        assertThat(done.get("result").get("steps").asInt()).isEqualTo(2);
        assertThat(agent.unix("DELETE", location, null).status()).isEqualTo(409);
    }
}
