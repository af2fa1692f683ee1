package dev.gantry.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;

/**
 * A job while a worker runs it. Every report is written to the job's row at once, guarded by the
 * worker's lease: when the lease was lost (this worker was too slow and another took the job over),
 * the call throws {@link LeaseLostException} so the handler stops.
 */
public interface JobRun {
    UUID jobId();

    String kind();

    Optional<String> tenant();

    Optional<UUID> resourceId();

    /** 1 on the first claim, more after a worker was lost. */
    int attempt();

    JsonNode input();

    /** The input bound to {@code type}. */
    <T> T input(Class<T> type);

    /** Starts a named step; the step running before it is done. */
    void step(String name);

    /** Progress 0–100 and a one-line message. */
    void progress(int percent, String message);

    /** Thrown by a report when this worker no longer holds the job. */
    final class LeaseLostException extends RuntimeException {
        public LeaseLostException(UUID job) {
            super("job " + job + " is no longer held by this worker (its lease ran out)");
        }
    }
}
