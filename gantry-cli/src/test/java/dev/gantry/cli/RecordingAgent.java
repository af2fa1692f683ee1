package dev.gantry.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in agent on loopback for the commands whose real effect would change this host (start a
 * unit, set the hostname, add a user): it answers what a test tells it and records what the CLI sent,
 * so a test checks both the request and how the answer is shown. The real effect of the same routes
 * is tested against the real agent in a systemd box (gantry-testbed).
 */
final class RecordingAgent implements AutoCloseable {
    /** One request as the agent received it; {@code target} is the path with its query, as sent. */
    record Request(String method, String target, String body) {
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private RecordingAgent(HttpServer server) {
        this.server = server;
    }

    static RecordingAgent start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordingAgent agent = new RecordingAgent(server);
        server.createContext("/", agent::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return agent;
    }

    /** Answers {@code method path} (path without query) with JSON; unknown requests get a 404 problem. */
    RecordingAgent on(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Answer(status, status >= 400 ? "application/problem+json"
                : "application/json", json));
        return this;
    }

    /** Answers with another content type, e.g. {@code text/event-stream} for a stream. */
    RecordingAgent on(String method, String path, int status, String contentType, String body) {
        answers.put(method + " " + path, new Answer(status, contentType, body));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs gantry against this agent: {@code --url} is put first. */
    Cli.Run gantry(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = url();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(Map.of("GANTRY_TOKEN", "test-token"), all);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The one request received; fails if there was none or more than one. */
    Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests);
        }
        return requests.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), body));
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                new Answer(404, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no stub for "
                                + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "\"}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
