package dev.gantry.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * pveproxy's part: finds the cluster a request came for (by the connector, one per cluster), counts the
 * call, applies the cluster's fault, authenticates, parses parameters, and writes Proxmox's envelope:
 * {@code {"data": …}}, or on failure {@code {"data": null, "message": …}} with {@code "errors"} for bad
 * parameters.
 *
 * <p>Proxmox also puts the message in the HTTP status line; Jetty 12 does not let a handler set the reason
 * phrase, so here it is the standard one and the message is in the body only.
 */
final class PveHandler extends Handler.Abstract {
    static final String PREFIX = "/api2/json";
    static final String UNROUTED = "(no such path)";

    private final Map<Connector, SimCluster> clusters = new ConcurrentHashMap<>();
    private final Authenticator auth = new Authenticator();
    private final Routes routes = Endpoints.routes(auth);
    private final ObjectMapper json = new ObjectMapper();

    void serve(Connector connector, SimCluster cluster) {
        clusters.put(connector, cluster);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SimCluster cluster = clusters.get(request.getConnectionMetaData().getConnector());
        if (cluster == null) {
            Response.writeError(request, response, callback, 404);
            return true;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        int status = 200;
        try {
            Object data = answer(cluster, request);
            body.put("data", data);
        } catch (Down e) {
            // A cluster going down drops the connections it still has, like a host that vanished.
            Connection connection = request.getConnectionMetaData().getConnection();
            connection.getEndPoint().close();
            callback.failed(e);
            return true;
        } catch (PveException e) {
            status = e.status();
            body.put("data", null);
            body.put("message", e.getMessage());
            if (!e.errors().isEmpty()) {
                body.put("errors", e.errors());
            }
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(body)), callback);
        return true;
    }

    private Object answer(SimCluster cluster, Request request) throws Down, InterruptedException, IOException {
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        Optional<Routes.Match> match = path.startsWith(PREFIX + "/")
                ? routes.match(method, path.substring(PREFIX.length()))
                : Optional.empty();
        cluster.count(match.map(m -> m.route().key()).orElse(method + " " + UNROUTED));
        Fault fault = cluster.fault();
        switch (fault.kind()) {
            case SLOW -> Thread.sleep(fault.delay());
            case DOWN -> throw new Down();
            case UNAUTHORIZED -> throw PveException.unauthorized(
                    match.filter(m -> m.route().open()).isPresent() ? "authentication failure" : "invalid PVE ticket");
            case SERVER_ERROR -> throw PveException.failed("simulated failure of cluster " + cluster.name());
            case NONE -> { }
        }
        if (match.isEmpty()) {
            throw PveException.notImplemented(method, path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path);
        }
        Routes.Route route = match.get().route();
        String user = route.open() ? "" : auth.authenticate(cluster, cookie(request, "PVEAuthCookie"),
                header(request, "Authorization"), header(request, "CSRFPreventionToken"), !method.equals("GET"));
        Params params = params(request, method);
        // One call at a time per cluster: endpoints read guests field by field, and the answer they
        // build is a copy, so serialising it needs no lock. Clusters still answer in parallel.
        synchronized (cluster) {
            return route.endpoint().answer(new Routes.Call(cluster, match.get().vars(), params, user));
        }
    }

    private Params params(Request request, String method) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        decodeForm(request.getHttpURI().getQuery(), all);
        if (!method.equals("GET")) {
            String text = Content.Source.asString(request, StandardCharsets.UTF_8);
            String type = Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse("");
            if (type.startsWith("application/json") && !text.isBlank()) {
                try {
                    JsonNode node = json.readTree(text);
                    if (!node.isObject()) {
                        throw PveException.badParameter("body", "expected a JSON object");
                    }
                    node.properties().forEach(e -> all.put(e.getKey(), e.getValue().isTextual()
                            ? e.getValue().textValue() : e.getValue().toString()));
                } catch (JsonProcessingException e) {
                    throw PveException.badParameter("body", "unable to parse JSON: " + e.getOriginalMessage());
                }
            } else {
                decodeForm(text, all);
            }
        }
        return new Params(all);
    }

    private static void decodeForm(String text, Map<String, String> into) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(key, value);
        }
    }

    private static Optional<String> header(Request request, String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    private static Optional<String> cookie(Request request, String name) {
        return Request.getCookies(request).stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                // Clients often percent-encode the ticket; '+' in it is base64, not a space.
                .map(v -> URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8)).findFirst();
    }

    /** The cluster is down: no answer at all. */
    private static final class Down extends Exception {
        Down() {
            super("simulated cluster down", null, false, false);
        }
    }
}
