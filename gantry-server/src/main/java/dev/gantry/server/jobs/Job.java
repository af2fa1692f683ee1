package dev.gantry.server.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job's record as the API shows it.
 *
 * @param tenant       the tenant it works for; absent for server-wide jobs
 * @param resourceType the type of the resource it works on, when it works on one
 * @param steps        what it did so far, in order; the last may still be running
 * @param progress     0–100
 * @param result       what it returned, once succeeded
 * @param error        why it failed, once failed
 * @param attempts     how many times a worker claimed it (more than one after a worker was lost)
 */
public record Job(UUID id, String kind, String tenant, String description, State state, List<Step> steps,
                  int progress, String message, JsonNode result, String error, int attempts, int maxAttempts,
                  String resourceType, UUID resourceId, String createdBy, Instant createdAt, Instant startedAt,
                  Instant finishedAt) {
    public Job {
        steps = List.copyOf(steps);
    }

    public enum State {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED;

        String sql() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State ofSql(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /** One step of a job: {@code running} until the next step starts or the job ends. */
    public record Step(String name, StepState state, Instant startedAt, Instant finishedAt) {
    }

    public enum StepState {
        @JsonProperty("running") RUNNING,
        @JsonProperty("done") DONE,
        @JsonProperty("failed") FAILED
    }
}
