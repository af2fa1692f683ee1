package dev.gantry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, against gantryd installed from the .deb and running under its unit: Unix peers by
 * their groups, TCP callers by token. Socket callers run as real users of the box (curl over the
 * socket, run as that user); TCP callers are curl inside the box's network namespace.
 */
@WithAgentBox
class AgentAuthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOCKET = AgentBox.SOCKET;

    @BeforeAll
    static void usersAndTcp(AgentBox agent) {
        SystemdBox box = agent.box();
        box.exec("useradd", "-M", "-s", "/bin/sh", "outsider").orThrow();
        box.exec("useradd", "-M", "-s", "/bin/sh", "-G", "gantry", "reader").orThrow();
        box.exec("useradd", "-M", "-s", "/bin/sh", "-G", "gantry-admin", "opsadmin").orThrow();
        agent.configure("""
                [System]
                LogLevel = "debug"
                [Network]
                Listen = "127.0.0.1:5208"
                ListenUnixSocket = true
                """);
    }

    /** curl over the socket as {@code user}; returns "STATUS BODY". */
    private static String socketAs(AgentBox agent, String user, String method, String path, String body) {
        ExecResult r = agent.box().execAs(user, curl(method, "--unix-socket", SOCKET, "http://localhost" + path, body, null));
        return r.out();
    }

    private static String tcp(AgentBox agent, String method, String path, String body, String token) {
        return agent.box().exec(curl(method, null, null, "http://127.0.0.1:5208" + path, body, token)).out();
    }

    private static String[] curl(String method, String flag, String socket, String url, String body, String token) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-X", method,
                "-w", "\n%{http_code}"));
        if (flag != null) {
            cmd.add(flag);
            cmd.add(socket);
        }
        if (body != null) {
            cmd.addAll(java.util.List.of("-H", "Content-Type: application/json", "--data", body));
        }
        if (token != null) {
            cmd.addAll(java.util.List.of("-H", "Authorization: Bearer " + token));
        }
        cmd.add(url);
        return cmd.toArray(String[]::new);
    }

    private static int status(String curlOutput) {
        return Integer.parseInt(curlOutput.substring(curlOutput.lastIndexOf('\n') + 1).trim());
    }

    private static JsonNode body(String curlOutput) throws Exception {
        return JSON.readTree(curlOutput.substring(0, curlOutput.lastIndexOf('\n')));
    }

    private static String token(AgentBox agent, String name, String scopes, String extra) throws Exception {
        String out = socketAs(agent, "root", "POST", "/api/v1/tokens",
                "{\"name\":\"" + name + "\",\"scopes\":[" + scopes + "]" + extra + "}");
        assertThat(status(out)).as(out).isEqualTo(201);
        return body(out).get("token").asText();
    }

    @Test
    void bothListenersAnswerAtOnce(AgentBox agent) throws Exception {
        assertThat(status(socketAs(agent, "root", "GET", "/api/v1/agent", null))).isEqualTo(200);
        String info = tcp(agent, "GET", "/api/v1/agent", null, token(agent, "both", "\"agent:read\"", ""));
        assertThat(status(info)).isEqualTo(200);
        assertThat(body(info).get("listeners").findValuesAsText("kind")).containsExactly("unix", "tcp");
    }

    @Test
    void theInstalledAgentServesValidOpenApi31(AgentBox agent) {
        AgentHttp.Response r = agent.http().get("/api/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, null);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/agent", "/api/v1/tokens", "/api/v1/jobs/{id}",
                "/api/v1/events");
    }

    @Test
    void aUserInNoGantryGroupIsRefusedWith403(AgentBox agent) throws Exception {
        String out = socketAs(agent, "outsider", "GET", "/api/v1/agent", null);
        assertThat(status(out)).isEqualTo(403);
        assertThat(body(out).get("detail").asText()).isEqualTo("user outsider is in neither group gantry nor gantry-admin");
    }

    @Test
    void aMemberOfGantryReadsButCannotCreateTokens(AgentBox agent) throws Exception {
        assertThat(status(socketAs(agent, "reader", "GET", "/api/v1/agent", null))).isEqualTo(200);
        assertThat(status(socketAs(agent, "reader", "GET", "/api/v1/jobs", null))).isEqualTo(200);
        String out = socketAs(agent, "reader", "POST", "/api/v1/tokens", "{\"name\":\"r\",\"scopes\":[\"*\"]}");
        assertThat(status(out)).isEqualTo(403);
        assertThat(status(socketAs(agent, "root", "GET", "/api/v1/tokens", null))).isEqualTo(200);
        assertThat(body(socketAs(agent, "root", "GET", "/api/v1/tokens", null)).findValuesAsText("name"))
                .doesNotContain("r");
    }

    @Test
    void aMemberOfGantryAdminMayCreateTokens(AgentBox agent) {
        String out = socketAs(agent, "opsadmin", "POST", "/api/v1/tokens", "{\"name\":\"op\",\"scopes\":[\"jobs:read\"]}");
        assertThat(status(out)).as(out).isEqualTo(201);
    }

    @Test
    void tcpWithoutATokenIs401(AgentBox agent) throws Exception {
        String out = tcp(agent, "GET", "/api/v1/agent", null, null);
        assertThat(status(out)).isEqualTo(401);
        assertThat(body(out).get("type").asText()).isEqualTo("https://gantry.dev/problems/unauthorized");
    }

    @Test
    void aTokenWithoutTheNeededScopeIs403(AgentBox agent) throws Exception {
        String token = token(agent, "narrow", "\"agent:read\"", "");
        assertThat(status(tcp(agent, "GET", "/api/v1/agent", null, token))).isEqualTo(200);
        assertThat(status(tcp(agent, "GET", "/api/v1/jobs", null, token))).isEqualTo(403);
        assertThat(status(tcp(agent, "POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":1}", token))).isEqualTo(403);
    }

    @Test
    void revokedAndExpiredTokensAre401(AgentBox agent) throws Exception {
        String revoked = socketAs(agent, "root", "POST", "/api/v1/tokens", "{\"name\":\"revoked\",\"scopes\":[\"*\"]}");
        String token = body(revoked).get("token").asText();
        assertThat(status(tcp(agent, "GET", "/api/v1/agent", null, token))).isEqualTo(200);
        socketAs(agent, "root", "DELETE", "/api/v1/tokens/" + body(revoked).get("id").asText(), null);
        assertThat(status(tcp(agent, "GET", "/api/v1/agent", null, token))).isEqualTo(401);

        String expiring = token(agent, "expiring", "\"*\"", ",\"expiresIn\":\"1s\"");
        Thread.sleep(1500);
        assertThat(status(tcp(agent, "GET", "/api/v1/agent", null, expiring))).isEqualTo(401);
    }

    @Test
    void noPlainTokenIsOnDiskAnywhereTheAgentWrites(AgentBox agent) throws Exception {
        String token = token(agent, "secret", "\"*\"", "");
        String secret = token.substring(token.indexOf('_', "gantry_".length()) + 1); // base64url: may hold '_' itself
        ExecResult grep = agent.box().exec("grep", "-rlF", secret, "/var/lib/gantry", "/var/cache/gantry",
                "/etc/gantry", "/run/gantry", "/tmp", "/var/log");
        assertThat(grep.exitCode()).as(grep.describe()).isEqualTo(1);
        assertThat(agent.box().exec("journalctl", "-u", "gantryd", "--no-pager").out()).doesNotContain(secret);
        assertThat(agent.box().exec("stat", "-c", "%a %U", "/var/lib/gantry/tokens.json").out()).isEqualTo("600 gantry");
    }

    @Test
    void theInstalledCliWorksForAReaderAndRefusesHimTokens(AgentBox agent) {
        ExecResult info = agent.box().execAs("reader", "gantry", "agent", "info");
        assertThat(info.exitCode()).as(info.describe()).isZero();
        assertThat(info.out()).contains("unix").contains("tcp");
        ExecResult create = agent.box().execAs("reader", "gantry", "token", "create", "--name", "x", "--scope", "*");
        assertThat(create.exitCode()).as(create.describe()).isEqualTo(1);
        assertThat(create.stderr()).contains("Forbidden");
    }
}
