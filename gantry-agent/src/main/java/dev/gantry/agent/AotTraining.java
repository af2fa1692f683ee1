package dev.gantry.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run behind the AOT cache ({@code gantryd --aot-train}, run by the package's
 * post-install script under {@code -XX:AOTCacheOutput}): an agent on a private socket and state
 * directory answers the requests a real one answers most — describe, errors, tokens, jobs, events —
 * so the classes they need are loaded and linked ahead of time. It touches nothing of the host's agent.
 */
final class AotTraining {
    private AotTraining() {
    }

    static int run() throws Exception {
        Path dir = Files.createTempDirectory("gantryd-aot-");
        Path socket = dir.resolve("gantryd.sock");
        try {
            AgentConfig config = new AgentConfig("warning", true, Optional.empty(), true, socket,
                    Optional.empty(), Optional.empty(), Optional.empty());
            try (Agent agent = Agent.start(config, dir.resolve("state"), Clock.systemUTC())) {
                for (int round = 0; round < 20; round++) {
                    request(socket, "GET", "/api/v1/agent", null);
                    request(socket, "GET", "/api/v1/jobs", null);
                    request(socket, "GET", "/metrics", null);
                    request(socket, "GET", "/api/v1/no/such/route", null);
                    request(socket, "DELETE", "/api/v1/agent", null);
                    request(socket, "POST", "/api/v1/tokens", "{\"name\":\"-\",\"scopes\":[]}");
                }
                String created = request(socket, "POST", "/api/v1/tokens", "{\"name\":\"aot\",\"scopes\":[\"*\"],\"expiresIn\":\"1h\"}");
                request(socket, "GET", "/api/v1/tokens", null);
                String id = created.replaceAll("(?s).*\"id\":\"([0-9a-f]+)\".*", "$1");
                request(socket, "DELETE", "/api/v1/tokens/" + id, null);
                String job = request(socket, "POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":1}");
                String jobId = job.replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1");
                request(socket, "GET", "/api/v1/jobs/" + jobId + "?wait=10", null);
                request(socket, "GET", "/api/v1/openapi.json", null);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One HTTP/1.1 exchange on a fresh connection; returns the whole response as text. */
    private static String request(Path socket, String method, String path, String body) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + payload.length + "\r\n\r\n";
            channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            channel.write(ByteBuffer.wrap(payload));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder response = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                response.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            return response.toString();
        }
    }
}
