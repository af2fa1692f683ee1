package dev.gantry.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A plain HTTP/1.1 client for the agent's Unix socket, for tests: it sends exactly the headers it
 * is given (plus Host, and Jetty's User-Agent and Accept-Encoding), never follows redirects, and
 * returns every response as it came, whatever its status. Thread-safe; the caller closes it.
 */
public final class AgentHttp implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Path socket;
    private final HttpClient client;

    /**
     * A response as received.
     *
     * @param status  the HTTP status code
     * @param headers every header, names in lower case, values in received order
     * @param body    the body decoded as text (UTF-8 unless the response says otherwise)
     */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public Response {
            headers = Map.copyOf(headers);
        }

        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.stream().findFirst();
        }
    }

    private AgentHttp(Path socket, HttpClient client) {
        this.socket = socket;
        this.client = client;
    }

    /** A started client whose every request goes to the Unix socket at {@code socket}. */
    public static AgentHttp over(Path socket) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("agent-http");
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        try {
            client.start();
            // Jetty's handlers act on some statuses themselves: a 401 without WWW-Authenticate
            // even fails the request as a "protocol violation". Tests must see every response.
            client.getProtocolHandlers().clear();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Jetty HTTP client", e);
        }
        return new AgentHttp(socket, client);
    }

    public Path socket() {
        return socket;
    }

    public Response get(String path) {
        return send("GET", path, Map.of(), "");
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, "");
    }

    /** POSTs a JSON body ({@code Content-Type: application/json}). */
    public Response post(String path, String jsonBody) {
        return send("POST", path, Map.of("Content-Type", "application/json"), jsonBody);
    }

    /** POSTs a body with exactly the given headers; set Content-Type there. */
    public Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, headers, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, Map.of(), "");
    }

    public Response delete(String path, Map<String, String> headers) {
        return send("DELETE", path, headers, "");
    }

    /**
     * Sends any request; an empty body sends none.
     *
     * @throws UncheckedIOException if the socket cannot be reached or no answer comes in 30 s
     */
    public Response send(String method, String path, Map<String, String> headers, String body) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        Request request = client.newRequest("http://localhost" + path)
                .transport(new Transport.TCPUnix(socket))
                .method(method)
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String contentType = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue();
            } else {
                request.headers(h -> h.add(header.getKey(), header.getValue()));
            }
        }
        if (!body.isEmpty()) {
            request.body(new StringRequestContent(contentType == null ? "text/plain" : contentType, body));
        } else if (contentType != null) {
            String type = contentType;
            request.headers(h -> h.put("Content-Type", type));
        }
        try {
            return toResponse(request.send());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UncheckedIOException(method + " " + path + " over " + socket + " failed: " + cause,
                    cause instanceof IOException io ? io : new IOException(cause));
        } catch (TimeoutException e) {
            throw new UncheckedIOException(new IOException(method + " " + path + " over " + socket
                    + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted: " + method + " " + path, e));
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Jetty HTTP client", e);
        }
    }

    private static Response toResponse(ContentResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), k -> new ArrayList<>()).add(field.getValue());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return new Response(response.getStatus(), headers, response.getContentAsString());
    }
}
