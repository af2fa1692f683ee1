package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.common.config.TomlConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real gantryd, in this JVM, on a Unix socket under a test's directory and optionally on TCP, with
 * a clock the test moves. Tests run as root, so the socket's caller has full rights.
 */
final class TestAgent implements AutoCloseable {
    static final Instant START = Instant.parse("2026-05-31T12:00:00Z");

    final Path socket;
    final TestClock clock;
    private final Agent agent;
    private final int port;
    private boolean closed;

    private TestAgent(Path socket, TestClock clock, Agent agent, int port) {
        this.socket = socket;
        this.clock = clock;
        this.agent = agent;
        this.port = port;
    }

    /** Only the Unix socket. */
    static TestAgent start(Path dir) throws Exception {
        return start(dir, "");
    }

    /** The Unix socket plus TCP on a free loopback port; {@code tls} adds lines to [Network] (TLSCertificate ...). */
    static TestAgent withTcp(Path dir, String tls) throws Exception {
        int port = freePort();
        return start(dir, "Listen = \"127.0.0.1:" + port + "\"\n" + tls);
    }

    private static TestAgent start(Path dir, String network) throws Exception {
        Path socket = dir.resolve("gantryd.sock");
        AgentConfig config = AgentConfig.read(TomlConfig.parse("[Network]\n" + network, "test"), socket);
        TestClock clock = new TestClock(START);
        Agent agent = Agent.start(config, dir.resolve("state"), clock);
        int port = agent.listeners().stream().filter(l -> l.kind().equals("tcp")).findFirst()
                .map(l -> Integer.parseInt(l.address().substring(l.address().lastIndexOf(':') + 1))).orElse(-1);
        return new TestAgent(socket, clock, agent, port);
    }

    /** The config refuses port 0, so a free port is picked here; another process could take it meanwhile. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String url(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    /** Starts a noop job through the API (not through a command under test) and returns its id. */
    String noop(int seconds, int steps) {
        try (AgentClient client = AgentClient.overUnixSocket(socket, line -> { })) {
            JsonNode job = client.post("/jobs/noop", Json.object().put("seconds", seconds).put("steps", steps));
            return job.path("id").asText();
        }
    }

    /** Waits for a job to end, through the API. */
    JsonNode await(String id) {
        try (AgentClient client = AgentClient.overUnixSocket(socket, line -> { })) {
            return client.get("/jobs/" + id, Map.of("wait", "30"), 30);
        }
    }

    /** Cancels a job through the API; returns it. */
    JsonNode cancel(String id) {
        try (AgentClient client = AgentClient.overUnixSocket(socket, line -> { })) {
            return client.delete("/jobs/" + id);
        }
    }

    /** A job as the API shows it now. */
    JsonNode job(String id) {
        try (AgentClient client = AgentClient.overUnixSocket(socket, line -> { })) {
            return client.get("/jobs/" + id);
        }
    }

    /** Creates a token through the API; returns its value. */
    String token(String name, String... scopes) {
        try (AgentClient client = AgentClient.overUnixSocket(socket, line -> { })) {
            var body = Json.object().put("name", name);
            for (String scope : scopes) {
                body.withArray("scopes").add(scope);
            }
            return client.post("/tokens", body).path("token").asText();
        }
    }

    /** Stops the agent; a second call does nothing. Open event streams get a shutdown event first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            agent.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the agent", e);
        }
    }

    /** A clock that stands still until a test moves it. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
