package dev.gantry.common.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Problem;
import java.time.Instant;

/** A long operation's record: what it is, where it stands, and how it ended. */
public record Job(String id, String kind, String description, State state, int progress, String message,
                  String owner, Instant createdAt, Instant startedAt, Instant finishedAt, JsonNode result,
                  Problem problem) {

    public enum State {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("cancelled") CANCELLED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    Job withState(State newState, Instant at) {
        return new Job(id, kind, description, newState, progress,
                newState == State.RUNNING ? "running" : message, owner, createdAt,
                newState == State.RUNNING ? at : startedAt, newState.finished() ? at : finishedAt, result, problem);
    }

    Job withProgress(int percent, String text) {
        return new Job(id, kind, description, state, percent, text, owner, createdAt, startedAt, finishedAt,
                result, problem);
    }

    Job succeeded(JsonNode value, Instant at) {
        return new Job(id, kind, description, State.SUCCEEDED, 100, message, owner, createdAt, startedAt, at,
                value, null);
    }

    /** The same record keeping {@code value} as its result: a failed job's log, say. */
    Job withResult(JsonNode value) {
        return new Job(id, kind, description, state, progress, message, owner, createdAt, startedAt, finishedAt,
                value, problem);
    }

    Job ended(State end, Problem why, Instant at) {
        return new Job(id, kind, description, end, progress, message, owner, createdAt, startedAt, at, null, why);
    }
}
