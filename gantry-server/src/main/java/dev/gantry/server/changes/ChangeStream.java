package dev.gantry.server.changes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * One {@code ?watch=true} stream: polls the change feed in PostgreSQL and writes each change of one
 * type in one tenant that passes the filter as a Server-Sent Event. Polling keeps no state outside
 * the database, so a client may reconnect to any replica with {@code Last-Event-ID} and miss nothing.
 */
public final class ChangeStream {
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How often a stream looks for new changes. */
    public static final Duration POLL = Duration.ofMillis(250);
    private static final int BATCH = 500;

    private final Jdbi jdbi;
    private final String type;
    private final Optional<String> tenant;
    private final Predicate<JsonNode> filter;
    private final Duration poll;

    public ChangeStream(Jdbi jdbi, String type, Optional<String> tenant, Predicate<JsonNode> filter, Duration poll) {
        this.jdbi = jdbi;
        this.type = type;
        this.tenant = tenant;
        this.filter = filter;
        this.poll = poll;
    }

    /** Writes changes after {@code seq} until the client goes away (the write fails) or the thread is interrupted. */
    public void stream(long seq, OutputStream out) throws IOException, InterruptedException {
        write(out, ": watching " + type + " after " + seq + "\n\n");
        long quietSince = System.nanoTime();
        while (true) {
            List<ChangeFeed.Change> changes = ChangeFeed.after(jdbi, type, tenant, seq, BATCH);
            for (ChangeFeed.Change c : changes) {
                seq = c.seq();
                if (filter.test(c.subject())) {
                    write(out, "id: " + c.seq() + "\nevent: " + c.action() + "\ndata: " + Json.text(c.subject()) + "\n\n");
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
