package dev.gantry.server.providers.gantry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.providers.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gantryd's API on one agent host, over TCP. The endpoint's bearer token is sent when it has one,
 * its client certificate presented when it has one (gantryd with {@code TLSClientCA} asks for both);
 * the agent's certificate is checked as the cluster says ({@link Tls}: CA, pinned fingerprint, or
 * insecure). Every call has the client's timeout and is counted into the caller's counter. A failure is an
 * {@link AgentException} whose message names the agent and says what went wrong (gantryd's problem
 * detail where it gave one).
 */
final class AgentClient implements AutoCloseable {
    static final String API = "/api/v1";

    private final ClusterAccess.AgentEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicInteger calls;

    private AgentClient(ClusterAccess.AgentEndpoint endpoint, HttpClient http, Duration timeout, AtomicInteger calls) {
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
        this.calls = calls;
    }

    /**
     * A client for {@code endpoint} of {@code cluster}, counting into {@code calls}; HTTP/1.1, {@code timeout}
     * to connect and per call. An endpoint whose client certificate cannot be read is refused here, naming it.
     */
    static AgentClient open(ClusterAccess cluster, ClusterAccess.AgentEndpoint endpoint, Duration timeout,
                            AtomicInteger calls) {
        if (endpoint.token().isEmpty() && endpoint.clientCertificate().isEmpty()) {
            throw new AgentException("agent " + endpoint.url() + ": neither a token nor a client certificate");
        }
        Optional<KeyStore> identity;
        try {
            identity = endpoint.clientCertificate().map(pem -> Tls.identity("its client certificate", pem));
        } catch (IllegalArgumentException e) {
            throw new AgentException("agent " + endpoint.url() + ": " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .sslContext(Tls.context(cluster.insecure(), cluster.fingerprint(), identity)).build();
        return new AgentClient(endpoint, http, timeout, calls);
    }

    @Override
    public void close() {
        http.close();
    }

    URI url() {
        return endpoint.url();
    }

    /** GET {@code path} (under /api/v1); the body, or empty for a 404. */
    Optional<JsonNode> find(String path) {
        Answer a = send("GET", path, null);
        if (a.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(a.orThrow("GET " + path));
    }

    JsonNode get(String path) {
        return send("GET", path, null).orThrow("GET " + path);
    }

    /** POST {@code path} with a JSON body (none when null); the answer whatever its status, for the caller to map. */
    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    /** One answer of gantryd: its status and JSON body (a problem on errors; null when empty). */
    record Answer(URI agent, int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String detail() {
            return body != null && body.hasNonNull("detail") ? body.get("detail").asText() : "HTTP " + status;
        }

        JsonNode orThrow(String what) {
            if (!ok()) {
                throw new AgentException("agent " + agent + ": " + what + " answered " + status + ": " + detail());
            }
            return body;
        }
    }

    private Answer send(String method, String path, String body) {
        URI uri = URI.create(endpoint.url().toString().replaceAll("/+$", "") + API + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        endpoint.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        calls.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? null : Json.mapper().readTree(text);
            return new Answer(endpoint.url(), response.statusCode(), json);
        } catch (HttpTimeoutException e) {
            throw new AgentException("agent " + endpoint.url() + ": " + method + " " + path + " timed out after "
                    + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new AgentException("agent " + endpoint.url() + ": " + method + " " + path + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("agent " + endpoint.url() + ": interrupted");
        }
    }
}
