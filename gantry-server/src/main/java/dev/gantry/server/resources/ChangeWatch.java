package dev.gantry.server.resources;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * One {@code ?watch=true} stream: polls the change feed in PostgreSQL and writes each change that
 * passes the list filters as a Server-Sent Event. Polling keeps no state outside the database, so a
 * client may reconnect to any replica with {@code Last-Event-ID} and miss nothing.
 */
final class ChangeWatch {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int BATCH = 500;
    private static final TypeReference<Resource<JsonNode>> RESOURCE = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final String type;
    private final Optional<String> tenant;
    private final ListQuery filter;
    private final Duration poll;

    ChangeWatch(Jdbi jdbi, String type, Optional<String> tenant, ListQuery filter, Duration poll) {
        this.jdbi = jdbi;
        this.type = type;
        this.tenant = tenant;
        this.filter = filter;
        this.poll = poll;
    }

    /** Writes changes after {@code seq} until the client goes away (the write fails) or the thread is interrupted. */
    void stream(long seq, OutputStream out) throws IOException, InterruptedException {
        write(out, ": watching " + type + " after " + seq + "\n\n");
        long quietSince = System.nanoTime();
        while (true) {
            List<ChangeLog.Change> changes = ChangeLog.after(jdbi, type, tenant, seq, BATCH);
            for (ChangeLog.Change c : changes) {
                seq = c.seq();
                Resource<JsonNode> resource = Json.mapper().convertValue(c.resource(), RESOURCE);
                if (filter.matches(resource)) {
                    write(out, "id: " + c.seq() + "\nevent: " + c.action() + "\ndata: " + Json.text(c.resource()) + "\n\n");
                    quietSince = System.nanoTime();
                }
            }
            if (changes.size() == BATCH) {
                continue;
            }
            if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
                write(out, ": keep-alive\n\n");
                quietSince = System.nanoTime();
            }
            Thread.sleep(poll);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
