package dev.gantry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Calls the agent's API at {@code /api/v1}, over its Unix socket or TCP (TLS optional). Answers come
 * back as JSON trees; an error status throws {@link ApiError}, no answer at all {@link Unreachable}.
 * One instance serves one command run and is not shared between threads; close it to stop Jetty's
 * threads.
 */
final class AgentClient implements AutoCloseable {
    static final String API = "/api/v1";

    /**
     * How long to wait: to connect, for a whole answer, and for the next bytes of a stream. The stream
     * default outlasts three of the agent's 15 s keep-alives: a stream silent for longer is dead.
     */
    record Timeouts(Duration connect, Duration request, Duration streamIdle) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(50));
    }
    private static final int MAX_ANSWER_BYTES = 64 << 20;

    private final HttpClient http;
    private final String origin;
    private final Optional<Transport> transport;
    private final Optional<String> token;
    private final String target;
    private final String hint;
    private final boolean clientCertificate;
    private final Consumer<String> trace;
    private final Timeouts timeouts;

    private AgentClient(HttpClient http, String origin, Optional<Transport> transport, Optional<String> token,
                        String target, String hint, boolean clientCertificate, Consumer<String> trace,
                        Timeouts timeouts) {
        this.http = http;
        this.origin = origin;
        this.transport = transport;
        this.token = token;
        this.target = target;
        this.hint = hint;
        this.clientCertificate = clientCertificate;
        this.trace = trace;
        this.timeouts = timeouts;
    }

    /** Over a Unix socket, where the agent knows the caller from the kernel: no token is sent. */
    static AgentClient overUnixSocket(Path socket, Consumer<String> trace) {
        return new AgentClient(start(Optional.empty(), Timeouts.DEFAULT), "http://localhost",
                Optional.of(new Transport.TCPUnix(socket)), Optional.empty(), socket.toString(),
                Unreachable.SOCKET_HINT, false, trace, Timeouts.DEFAULT);
    }

    /**
     * Over TCP to {@code url} (http or https, any path prefix), sending {@code token} as a Bearer token.
     * With {@code trust} only its certificates are trusted; {@code insecure} trusts any certificate and name.
     * {@code identity} is the client certificate to present if the agent asks (see {@link ClientCertificate}).
     */
    static AgentClient overTcp(URI url, Optional<String> token, boolean insecure, Optional<KeyStore> trust,
                               Optional<KeyStore> identity, Consumer<String> trace) {
        return overTcp(url, token, insecure, trust, identity, trace, Timeouts.DEFAULT);
    }

    static AgentClient overTcp(URI url, Optional<String> token, boolean insecure, Optional<KeyStore> trust,
                               Optional<KeyStore> identity, Consumer<String> trace, Timeouts timeouts) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        if (insecure) {
            tls.setTrustAll(true);
            tls.setEndpointIdentificationAlgorithm(null);
        }
        trust.ifPresent(tls::setTrustStore);
        identity.ifPresent(store -> {
            tls.setKeyStore(store);
            tls.setKeyStorePassword(ClientCertificate.PASSWORD);
            tls.setKeyManagerPassword(ClientCertificate.PASSWORD);
        });
        String origin = url.toString().replaceAll("/+$", "");
        return new AgentClient(start(Optional.of(tls), timeouts), origin, Optional.empty(), token, origin,
                Unreachable.TCP_HINT, identity.isPresent(), trace, timeouts);
    }

    /** To gantry-server on this host at {@code url} (plain http on loopback), with its admin {@code token}. */
    static AgentClient toLocalServer(URI url, String token, Consumer<String> trace) {
        String origin = url.toString().replaceAll("/+$", "");
        return new AgentClient(start(Optional.empty(), Timeouts.DEFAULT), origin, Optional.empty(), Optional.of(token),
                origin, Unreachable.SERVER_HINT, false, trace, Timeouts.DEFAULT);
    }

    private static HttpClient start(Optional<SslContextFactory.Client> tls, Timeouts timeouts) {
        ClientConnector connector = new ClientConnector();
        if (tls.isEmpty()) {
            // Jetty otherwise starts a TLS context at once, reading the JDK's CA store: half a second
            // on every plain run. Left unstarted here, it would only start if TLS were ever asked for.
            SslContextFactory.Client unused = new SslContextFactory.Client();
            connector.setSslContextFactory(unused);
            connector.unmanage(unused);
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setName("gantry-http");
        http.setConnectTimeout(timeouts.connect().toMillis());
        http.setFollowRedirects(false);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "gantry/" + Gantry.version()));
        tls.ifPresent(http::setSslContextFactory);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
        return http;
    }

    JsonNode get(String path) {
        return get(path, Map.of(), 0);
    }

    /** A GET that may legitimately take up to {@code extraSeconds} longer than usual (a long poll). */
    JsonNode get(String path, Map<String, String> query, int extraSeconds) {
        Request request = request(HttpMethod.GET, path, query);
        request.timeout(timeouts.request().toMillis() + extraSeconds * 1000L, TimeUnit.MILLISECONDS);
        return exchange(request);
    }

    JsonNode post(String path, JsonNode body) {
        Request request = request(HttpMethod.POST, path, Map.of())
                .body(new BytesRequestContent("application/json", Json.bytes(body)));
        return exchange(request);
    }

    /** A POST with query parameters; a null {@code body} sends none. */
    JsonNode post(String path, Map<String, String> query, JsonNode body) {
        return send(HttpMethod.POST, path, query, body);
    }

    /** A POST without a body, for routes that take none. */
    JsonNode post(String path) {
        return send(HttpMethod.POST, path, Map.of(), null);
    }

    JsonNode put(String path, JsonNode body) {
        return send(HttpMethod.PUT, path, Map.of(), body);
    }

    JsonNode patch(String path, JsonNode body) {
        return send(HttpMethod.PATCH, path, Map.of(), body);
    }

    /**
     * Any request with {@code query}; a null {@code body} sends none. The node is missing when the
     * agent answered 204 No Content.
     */
    JsonNode send(HttpMethod method, String path, Map<String, String> query, JsonNode body) {
        Request request = request(method, path, query);
        if (body != null) {
            request.body(new BytesRequestContent("application/json", Json.bytes(body)));
        }
        return exchange(request);
    }

    /**
     * Any method with query parameters and an optional JSON body (null: none); the answer may take up to
     * {@code extraSeconds} longer than usual (a request that waits for the host). The node is missing
     * when the agent answered 204 No Content.
     */
    JsonNode send(String method, String path, Map<String, String> query, JsonNode body, int extraSeconds) {
        Request request = request(HttpMethod.fromString(method), path, query);
        request.timeout(timeouts.request().toMillis() + extraSeconds * 1000L, TimeUnit.MILLISECONDS);
        if (body != null) {
            request.body(new BytesRequestContent("application/json", Json.bytes(body)));
        }
        return exchange(request);
    }

    /** A DELETE; the node is missing when the agent answered 204 No Content. */
    JsonNode delete(String path) {
        return exchange(request(HttpMethod.DELETE, path, Map.of()));
    }

    /** A DELETE with query parameters. */
    JsonNode delete(String path, Map<String, String> query) {
        return exchange(request(HttpMethod.DELETE, path, query));
    }

    /**
     * Opens a streamed answer (Server-Sent Events) and returns its body once the agent has answered
     * 200; closing the stream ends the request. It may run for ever; only silence for longer than
     * {@link Timeouts#streamIdle} fails it.
     */
    InputStream stream(String path, Map<String, String> query, Map<String, String> headers) {
        // No total timeout, which would cut the stream after 30 s: only silence ends it.
        Request request = request(HttpMethod.GET, path, query).accept("text/event-stream")
                .timeout(0, TimeUnit.MILLISECONDS)
                .idleTimeout(timeouts.streamIdle().toMillis(), TimeUnit.MILLISECONDS);
        request.headers(h -> headers.forEach(h::put));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        long started = System.nanoTime();
        request.send(listener);
        Response response;
        try {
            response = listener.get(timeouts.connect().plus(timeouts.request()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            request.abort(e);
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw failure(e);
        }
        traceAnswer(request, response.getStatus(), started);
        InputStream body = listener.getInputStream();
        if (response.getStatus() != 200) {
            try (body) {
                answer(response.getStatus(), response.getReason(),
                        response.getHeaders().get(HttpHeader.CONTENT_TYPE), body.readNBytes(MAX_ANSWER_BYTES));
            } catch (IOException e) {
                throw failure(e);
            }
        }
        return body;
    }

    /** A stream that broke off after it had begun: the agent stopped or the network failed. */
    Unreachable lost(IOException e) {
        return Unreachable.lost(e, target, hint);
    }

    /** A path segment from user input, so that an id cannot reach another route. */
    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Request request(HttpMethod method, String path, Map<String, String> query) {
        Request request = http.newRequest(origin + API + path).method(method)
                .accept("application/json", "application/problem+json");
        transport.ifPresent(request::transport);
        token.ifPresent(t -> request.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + t)));
        query.forEach(request::param);
        return request.timeout(timeouts.request().toMillis(), TimeUnit.MILLISECONDS);
    }

    private JsonNode exchange(Request request) {
        long started = System.nanoTime();
        ContentResponse response;
        try {
            response = new CompletableResponseListener(request, MAX_ANSWER_BYTES).send().get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw failure(e);
        }
        traceAnswer(request, response.getStatus(), started);
        return answer(response.getStatus(), response.getReason(), response.getHeaders().get(HttpHeader.CONTENT_TYPE),
                response.getContent());
    }

    private void traceAnswer(Request request, int status, long startedNanos) {
        String query = request.getQuery() == null ? "" : "?" + request.getQuery();
        trace.accept(request.getMethod() + " " + target + " " + request.getPath() + query + " -> " + status
                + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) + " ms");
    }

    private JsonNode answer(int status, String reason, String contentType, byte[] content) {
        if (status >= 200 && status < 300) {
            if (content.length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return Json.parse(content);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the agent's answer (HTTP " + status + ") is no JSON: "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ApiError error = problem(status, reason == null ? "" : reason, contentType, content);
        if (status == 401 && transport.isEmpty() && token.isEmpty()) {
            error = error.withHint("set " + Gantry.TOKEN_VARIABLE
                    + " to an API token; an admin makes one with: gantry token create");
        }
        throw error;
    }

    private static ApiError problem(int status, String reason, String contentType, byte[] content) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/problem+json") || type.startsWith("application/json")) {
            try {
                JsonNode problem = Json.parse(content);
                if (problem.isObject()) {
                    return ApiError.of(status, problem);
                }
            } catch (IOException e) {
                // Not JSON after all: report the bare status below.
            }
        }
        return ApiError.plain(status, reason);
    }

    private RuntimeException failure(Throwable t) {
        return Unreachable.from(t, target, hint, clientCertificate);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping only releases threads and sockets of a finished run; nothing to report.
        }
    }
}
