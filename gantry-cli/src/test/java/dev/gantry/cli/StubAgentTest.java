package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers the real agent does not give (or not on demand): broken bodies, proxy pages, a stream that
 * ends or overflows. A JDK HTTP server on loopback stands in for it.
 */
class StubAgentTest {
    /** How long the slow stream stays silent before its one event. */
    private static final long SLOW_MILLIS = 600;
    private HttpServer server;
    private final Map<String, String> lastEventIds = new ConcurrentHashMap<>();

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/agent", exchange -> reply(exchange, 200, "text/plain", "hello"));
        server.createContext("/api/v1/jobs", exchange -> reply(exchange, 502, "text/html", "<html>Bad Gateway</html>"));
        server.createContext("/api/v1/events", exchange -> {
            String after = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            lastEventIds.put(exchange.getRequestURI().toString(), after == null ? "" : after);
            String overflow = "event: overflow\ndata: {\"detail\":\"event reader fell 4096 events behind; "
                    + "reconnect with Last-Event-ID\"}\n\n";
            reply(exchange, 200, "text/event-stream", ": hello\n\nid: 7\nevent: job\ndata: {\"id\":\"j1\",\"state\":"
                    + "\"running\",\"progress\":50,\n" + "data: \"message\":\"half\"}\n\n"
                    + (exchange.getRequestURI().getQuery() == null ? "" : overflow));
        });
        server.createContext("/api/v1/slow", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(SLOW_MILLIS);
                out.write("id: 1\nevent: job\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up, as one test wants
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void anAnswerThatIsNoJsonIsAnInternalErrorThatExitsFour() {
        Cli.Run run = Cli.run("--url", url(), "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_INTERNAL);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith(
                "gantry: internal error: java.lang.IllegalStateException: the agent's answer (HTTP 200) is no JSON: ");
        assertThat(lines.get(1)).isEqualTo("gantry: rerun with --verbose to see where");
    }

    @Test
    void verboseLogsEachRequestAndShowsTheStackTrace() {
        Cli.Run run = Cli.run("--url", url(), "agent", "info", "--verbose");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_INTERNAL);
        assertThat(run.err()).startsWith("gantry: GET " + url() + " /api/v1/agent -> 200 in ")
                .contains("\ngantry: internal error: java.lang.IllegalStateException: ")
                .contains("\n\tat dev.gantry.cli.AgentClient.answer(")
                .doesNotContain("rerun with --verbose");
    }

    @Test
    void anErrorPageThatIsNoProblemIsReportedByItsStatus() {
        Cli.Run run = Cli.run("--url", url(), "jobs", "list");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).isEqualTo("gantry: HTTP 502 Bad Gateway\n");
    }

    @Test
    void eventsEndsWithExitZeroWhenTheStreamEndsAndJoinsDataLines() {
        Cli.Run run = Cli.run("--url", url(), "events", "-o", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                {"id":7,"type":"job","data":{"id":"j1","state":"running","progress":50,"message":"half"}}
                """);
    }

    @Test
    void eventsAfterSendsTheIdAsLastEventId() {
        Cli.Run run = Cli.run("--url", url(), "events", "--after", "6");

        assertThat(run.exit()).isZero();
        assertThat(lastEventIds).containsEntry("/api/v1/events", "6");
        assertThat(run.out()).isEqualTo("7     2026-05-31 14:30:00 job   j1 running 50% half\n");
    }

    @Test
    void anOverflowEndsEventsWithExitOneAndTellsHowToResume() {
        Cli.Run run = Cli.run("--url", url(), "events", "--type", "job");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(lastEventIds).containsKey("/api/v1/events?type=job");
        assertThat(run.out()).startsWith("7 ");
        assertThat(run.err()).isEqualTo("""
                gantry: the agent ended the stream: event reader fell 4096 events behind; reconnect with Last-Event-ID
                gantry: resume with: gantry events --after 7
                """);
    }

    @Test
    void aStreamOutlivesTheTimeoutForWholeAnswers() throws IOException {
        var timeouts = new AgentClient.Timeouts(Duration.ofSeconds(1), Duration.ofMillis(SLOW_MILLIS / 3),
                Duration.ofSeconds(5));
        try (AgentClient client = AgentClient.overTcp(URI.create(url()), Optional.empty(), false, Optional.empty(),
                Optional.empty(), line -> { }, timeouts);
             var body = client.stream("/slow", Map.of(), Map.of())) {
            assertThat(new ServerSentEvents(body).next()).map(ServerSentEvents.Message::id).contains("1");
        }
    }

    @Test
    void aStreamSilentForLongerThanItsIdleTimeoutIsLost() throws IOException {
        var timeouts = new AgentClient.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(SLOW_MILLIS / 3));
        try (AgentClient client = AgentClient.overTcp(URI.create(url()), Optional.empty(), false, Optional.empty(),
                Optional.empty(), line -> { }, timeouts);
             var body = client.stream("/slow", Map.of(), Map.of())) {
            IOException failure = catchThrowableOfType(IOException.class, () -> new ServerSentEvents(body).next());
            assertThat(failure).isNotNull();
            assertThat(client.lost(failure).getMessage())
                    .startsWith("lost the stream from gantryd at " + url() + ": ");
        }
    }
}
