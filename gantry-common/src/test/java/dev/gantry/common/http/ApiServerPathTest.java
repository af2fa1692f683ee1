package dev.gantry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paths as Jetty hands them over: an encoded slash reaches its segment, what Jetty refuses is still a problem. */
class ApiServerPathTest {
    record Name(String name) {
    }

    private ApiServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        ApiModule names = new ApiModule() {
            @Override
            public String name() {
                return "names";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public void register(Routes routes) {
                routes.get("/names/{name}").returns(Name.class).handle(r -> new Name(r.param("name")));
            }
        };
        server = ApiServer.start(new Dispatcher(new Routes("/api/v1").add(names).all()),
                List.of(new ListenerSpec.Tcp(new InetSocketAddress("127.0.0.1", 0), Optional.empty(),
                        Authenticator.none())));
        String address = server.listeners().getFirst().address();
        port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** A raw request line: the JDK's HttpClient would normalise or refuse the paths under test. */
    private String get(String rawPath) throws Exception {
        return send("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    private String send(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEncodedSlashStaysInsideItsSegment() throws Exception {
        String answer = get("/api/v1/names/eth0%2F100");

        assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"name\":\"eth0/100\"}");
    }

    @Test
    void aPathJettyRefusesIsAProblemDocumentNotAPage() throws Exception {
        String answer = get("/api/v1/names/a%00b");

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"status\":400").doesNotContain("<html");
    }

    @Test
    void anEncodedDotDotSegmentIsAProblemDocumentToo() throws Exception {
        for (String path : List.of("/api/v1/names/%2E%2E", "/api/v1/names/%2e%2e")) {
            String body = "{\"a\":1}";
            String answer = send("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(answer).as("PUT " + path).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("content-type: application/problem+json").contains("\"status\":400");
            answer = get(path);

            assertThat(answer).as(path).startsWith("HTTP/1.1 400")
                    .containsIgnoringCase("content-type: application/problem+json").contains("\"status\":400");
        }
    }
}
