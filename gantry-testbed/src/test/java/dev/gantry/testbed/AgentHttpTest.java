package dev.gantry.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a one-shot HTTP server on a Unix socket: what goes out, what comes back. */
class AgentHttpTest {

    @TempDir
    Path dir;

    @Test
    void postSendsBodyHeadersAndJsonContentTypeAndReturnsTheWholeResponse() throws Exception {
        Path socket = dir.resolve("s.sock");
        CompletableFuture<String> request = serveOnce(socket,
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Thing: a\r\nX-Thing: b\r\n"
                        + "Content-Length: 11\r\nConnection: close\r\n\r\n{\"id\":\"j1\"}");

        try (AgentHttp http = AgentHttp.over(socket)) {
            AgentHttp.Response response = http.post("/api/v1/jobs", "{\"kind\":\"noop\"}");

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("{\"id\":\"j1\"}");
            assertThat(response.header("content-type")).contains("application/json");
            assertThat(response.headers().get("x-thing")).isEqualTo(List.of("a", "b"));
        }
        assertThat(request.get()).startsWith("POST /api/v1/jobs HTTP/1.1\r\n")
                .containsIgnoringCase("Content-Type: application/json")
                .endsWith("{\"kind\":\"noop\"}");
    }

    @Test
    void getSendsExactlyTheGivenHeadersAndReturnsErrorStatusesAsResponses() throws Exception {
        Path socket = dir.resolve("s.sock");
        CompletableFuture<String> request = serveOnce(socket,
                "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        try (AgentHttp http = AgentHttp.over(socket)) {
            AgentHttp.Response response = http.get("/api/v1/agent", Map.of("Authorization", "Bearer t0k"));

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).isEmpty();
        }
        assertThat(request.get()).startsWith("GET /api/v1/agent HTTP/1.1\r\n").contains("Authorization: Bearer t0k\r\n");
    }

    @Test
    void aMissingSocketIsAnUncheckedIoException() {
        try (AgentHttp http = AgentHttp.over(dir.resolve("absent.sock"))) {
            assertThatThrownBy(() -> http.delete("/api/v1/tokens/x"))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.sock");
        }
    }

    /** Accepts one connection, reads the request (headers and any Content-Length body), answers. */
    private static CompletableFuture<String> serveOnce(Path socket, String response) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return CompletableFuture.supplyAsync(() -> {
            try (server; SocketChannel client = server.accept()) {
                StringBuilder text = new StringBuilder();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (!complete(text.toString()) && client.read(buffer.clear()) > 0) {
                    text.append(StandardCharsets.UTF_8.decode(buffer.flip()));
                }
                client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
                return text.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static boolean complete(String request) {
        int end = request.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        int length = request.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
        return request.length() - (end + 4) >= length;
    }
}
