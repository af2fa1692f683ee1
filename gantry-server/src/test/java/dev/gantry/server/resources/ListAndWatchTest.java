package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.RawResponse;
import dev.gantry.server.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListAndWatchTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    private void disk(String name, String tags) {
        TestApi.Response r = api.call("alice", "POST", "/api/v1/tenants/a/disks",
                "{\"name\":\"" + name + "\",\"tags\":" + tags + ",\"spec\":{\"size\":1048576}}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(i -> names.add(i.get("name").asText()));
        return names;
    }

    @Test
    void pagesFollowTheNextCursorInNameOrder() {
        for (String n : List.of("e", "b", "d", "a", "c")) {
            disk(n, "{}");
        }
        JsonNode first = api.get("alice", "/api/v1/tenants/a/disks?limit=2").json();
        assertThat(names(first)).containsExactly("a", "b");
        assertThat(first.get("next").asText()).isEqualTo("b");
        JsonNode second = api.get("alice", "/api/v1/tenants/a/disks?limit=2&after=b").json();
        assertThat(names(second)).containsExactly("c", "d");
        JsonNode last = api.get("alice", "/api/v1/tenants/a/disks?limit=2&after=d").json();
        assertThat(names(last)).containsExactly("e");
        assertThat(last.has("next")).isFalse();
        assertThat(api.get("alice", "/api/v1/tenants/a/disks?limit=0").status()).isEqualTo(400);
    }

    @Test
    void filtersByTagNamePrefixAndState() {
        disk("web-1", "{\"role\":\"web\",\"env\":\"prod\"}");
        disk("web-2", "{\"role\":\"web\",\"env\":\"dev\"}");
        disk("db-1", "{\"role\":\"db\",\"env\":\"prod\"}");
        assertThat(names(api.get("alice", "/api/v1/tenants/a/disks?tag=role=web").json())).containsExactly("web-1", "web-2");
        assertThat(names(api.get("alice", "/api/v1/tenants/a/disks?tag=role=web,env=prod").json())).containsExactly("web-1");
        assertThat(names(api.get("alice", "/api/v1/tenants/a/disks?prefix=db").json())).containsExactly("db-1");
        assertThat(names(api.get("alice", "/api/v1/tenants/a/disks?state=ready").json())).hasSize(3);
        assertThat(names(api.get("alice", "/api/v1/tenants/a/disks?state=error").json())).isEmpty();
        TestApi.Response bad = api.get("alice", "/api/v1/tenants/a/disks?state=gone");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("state");
        assertThat(api.get("alice", "/api/v1/tenants/a/disks?tag=novalue").status()).isEqualTo(400);
    }

    /** Collects SSE text and fails the stream's next write once {@code events} "event:" lines arrived. */
    private static final class Capture extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch done;

        Capture(int events) {
            done = new CountDownLatch(events);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (done.getCount() == 0) {
                throw new IOException("client went away");
            }
            bytes.write(b, off, len);
            String chunk = new String(b, off, len, StandardCharsets.UTF_8);
            for (String line : chunk.split("\n")) {
                if (line.startsWith("event: ")) {
                    done.countDown();
                }
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void watchStreamsEachChangeThatPassesTheFiltersAndResumesFromLastEventId() throws Exception {
        disk("before", "{\"role\":\"web\"}");
        RawResponse watch = api.raw("alice", "GET", "/api/v1/tenants/a/disks?watch=true&tag=role=web", null, Map.of());
        assertThat(watch.status()).isEqualTo(200);
        assertThat(watch.headers().get("Content-Type")).isEqualTo("text/event-stream");
        // created (pending), updated (creating), updated (ready) of the one web disk; db and bob's are filtered out.
        Capture capture = new Capture(3);
        CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
            try {
                watch.stream().orElseThrow().write(capture);
            } catch (IOException expected) {
                // the capture ends the stream like a client going away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(100);
        disk("other", "{\"role\":\"db\"}");
        api.call("bob", "POST", "/api/v1/tenants/b/disks", "{\"name\":\"web\",\"tags\":{\"role\":\"web\"},\"spec\":{\"size\":1048576}}");
        disk("watched", "{\"role\":\"web\"}");
        assertThat(capture.done.await(10, TimeUnit.SECONDS)).as(capture.text()).isTrue();
        disk("after", "{\"role\":\"web\"}");
        streaming.get(10, TimeUnit.SECONDS);

        String text = capture.text();
        assertThat(text).doesNotContain("\"before\"").doesNotContain("\"other\"").doesNotContain("\"tenant\":\"b\"");
        List<String> events = text.lines().filter(l -> l.startsWith("event: ")).toList();
        assertThat(events).containsExactly("event: created", "event: updated", "event: updated");
        assertThat(text).contains("\"name\":\"watched\"").contains("\"state\":\"ready\"");

        // Reconnecting with the last id seen replays what came after it, from the database.
        String lastId = text.lines().filter(l -> l.startsWith("id: ")).reduce((a, b) -> b).orElseThrow().substring(4);
        RawResponse resumed = api.raw("alice", "GET", "/api/v1/tenants/a/disks?watch=true", null,
                Map.of("Last-Event-ID", lastId));
        Capture replay = new Capture(3);
        CompletableFuture.runAsync(() -> {
            try {
                resumed.stream().orElseThrow().write(replay);
            } catch (IOException | InterruptedException expected) {
                // ended by the capture
            }
        });
        assertThat(replay.done.await(10, TimeUnit.SECONDS)).as(replay.text()).isTrue();
        assertThat(replay.text()).contains("\"name\":\"after\"").doesNotContain("\"name\":\"watched\"");
    }
}
