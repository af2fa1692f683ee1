package dev.gantry.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import dev.gantry.server.AdminToken;
import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.auth.AuthConfig;
import dev.gantry.server.jobs.JobsConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real gantry-server in this JVM on a loopback port, on the test's database of a
 * {@link PostgresExtension}, with an HTTP client. {@link #admin} calls with the admin token the
 * server wrote to its {@code admin.json}; {@link #call} with any token (or none).
 */
public final class TestServer implements AutoCloseable {
    /** Short leases, so that tests of lost workers take a second, not a minute. */
    public static final JobsConfig TEST_JOBS = new JobsConfig(2, Duration.ofSeconds(2), 3);

    private final Server server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String adminToken;

    private TestServer(Server server) throws Exception {
        this.server = server;
        AdminToken.AdminFile file = Json.mapper().readValue(Files.readAllBytes(server.adminFile()), AdminToken.AdminFile.class);
        this.adminToken = file.token();
    }

    /** A server on {@code pg}'s test database with the placeholder identity (only the admin token works). */
    public static TestServer start(PostgresExtension pg, Path stateDir) throws Exception {
        return start(pg, stateDir, ServerIdentity.placeholder(), Clock.systemUTC());
    }

    public static TestServer start(PostgresExtension pg, Path stateDir, ServerIdentity identity, Clock clock)
            throws Exception {
        return new TestServer(Server.start(config(pg), stateDir, clock, identity));
    }

    /** A server with the real identity: local API tokens, and OIDC tokens when {@code auth} names an issuer. */
    public static TestServer start(PostgresExtension pg, Path stateDir, AuthConfig auth) throws Exception {
        return new TestServer(Server.start(config(pg).withAuth(auth), stateDir, Clock.systemUTC()));
    }

    private static ServerConfig config(PostgresExtension pg) {
        return ServerConfig.defaults()
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withDatabase(pg.config())
                .withJobs(TEST_JOBS);
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Server server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    public String adminToken() {
        return adminToken;
    }

    /** A request with the admin token; {@code body} null for none. */
    public Response admin(String method, String path, String body) throws Exception {
        return call(method, path, body, adminToken);
    }

    /** A request with {@code token} as bearer token, or none when null. */
    public Response call(String method, String path, String body, String token) throws Exception {
        return call(method, path, body, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    public Response call(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return new Response(r.statusCode(), h, r.body());
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
    }
}
