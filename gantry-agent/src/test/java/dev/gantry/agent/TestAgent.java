package dev.gantry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ListenerSpec;
import dev.gantry.common.json.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** A real gantryd in this JVM, on a Unix socket in a temp dir and TCP on a free loopback port. */
final class TestAgent implements AutoCloseable {
    final Path dir;
    final MutableClock clock;
    final Agent agent;
    private final HttpClient unixClient;
    private final HttpClient tcpClient;
    private final String tcpBase;
    private final Transport socket;

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    TestAgent(Path dir, MutableClock clock, Optional<ListenerSpec.TlsFiles> tls, SslContextFactory.Client ssl)
            throws Exception {
        this.dir = dir;
        this.clock = clock;
        AgentConfig config = new AgentConfig("warning", true, Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                true, dir.resolve("run/gantryd.sock"), tls.map(ListenerSpec.TlsFiles::certificate),
                tls.map(ListenerSpec.TlsFiles::key), tls.flatMap(ListenerSpec.TlsFiles::clientCa));
        this.agent = Agent.start(config, dir.resolve("state"), clock);
        this.unixClient = new HttpClient();
        unixClient.start();
        this.socket = new Transport.TCPUnix(dir.resolve("run/gantryd.sock"));
        ClientConnector connector = new ClientConnector();
        if (ssl != null) {
            connector.setSslContextFactory(ssl);
        }
        this.tcpClient = new HttpClient(new HttpClientTransportOverHTTP(connector));
        tcpClient.start();
        String address = agent.listeners().stream().filter(l -> l.kind().equals("tcp")).findFirst()
                .orElseThrow().address();
        this.tcpBase = (tls.isPresent() ? "https://" : "http://") + address;
    }

    java.util.List<dev.gantry.common.http.ListenerInfo> listeners() {
        return agent.listeners();
    }

    TestAgent(Path dir) throws Exception {
        this(dir, new MutableClock(), Optional.empty(), null);
    }

    Response unix(String method, String path, String body) throws Exception {
        return send(unixClient.newRequest("http://localhost" + path).transport(socket), method, body, null);
    }

    Response tcp(String method, String path, String body, String token) throws Exception {
        return send(tcpClient.newRequest(tcpBase + path), method, body, token);
    }

    private static Response send(Request request, String method, String body, String token) throws Exception {
        request.method(method).timeout(20, java.util.concurrent.TimeUnit.SECONDS);
        if (body != null) {
            request.body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
        }
        if (token != null) {
            request.headers(h -> h.put("Authorization", "Bearer " + token));
        }
        ContentResponse r = request.send();
        Map<String, String> headers = new java.util.HashMap<>();
        r.getHeaders().forEach(f -> headers.put(f.getLowerCaseName(), f.getValue()));
        return new Response(r.getStatus(), headers, r.getContentAsString());
    }

    @Override
    public void close() throws Exception {
        try {
            unixClient.stop();
            tcpClient.stop();
        } finally {
            agent.close();
        }
    }
}
