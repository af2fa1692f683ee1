package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent answered with an error status. {@link #lines()} is what the user sees: the problem's title
 * and detail, then each rejected field with the value the agent got, then any hint of ours.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final List<String> lines;

    private ApiError(int status, List<String> lines) {
        super(String.join("; ", lines));
        this.status = status;
        this.lines = List.copyOf(lines);
    }

    /** From an RFC 9457 problem document. */
    static ApiError of(int status, JsonNode problem) {
        return new ApiError(status, describe(problem));
    }

    /** From an answer that is no problem document (a proxy's HTML page, say). */
    static ApiError plain(int status, String reason) {
        return new ApiError(status, List.of("HTTP " + status + (reason.isEmpty() ? "" : " " + reason)));
    }

    ApiError withHint(String hint) {
        List<String> more = new ArrayList<>(lines);
        more.add(hint);
        return new ApiError(status, more);
    }

    int status() {
        return status;
    }

    List<String> lines() {
        return lines;
    }

    /**
     * A problem as lines: "title: detail", then "field: message (got value)" per field error. The
     * detail is left out when it only repeats the one field error, as the agent's detail then does.
     */
    static List<String> describe(JsonNode problem) {
        List<String> out = new ArrayList<>();
        String title = problem.path("title").asText("");
        String detail = problem.path("detail").asText("");
        JsonNode errors = problem.path("errors");
        boolean repeats = errors.size() == 1 && detail.equals(
                errors.get(0).path("field").asText() + ": " + errors.get(0).path("message").asText());
        if (detail.isEmpty() || repeats) {
            out.add(title.isEmpty() ? "HTTP " + problem.path("status").asText("error") : title);
        } else {
            out.add(title.isEmpty() ? detail : title + ": " + detail);
        }
        for (JsonNode error : errors) {
            JsonNode rejected = error.get("rejected");
            out.add(error.path("field").asText("?") + ": " + error.path("message").asText(error.path("code").asText())
                    + (rejected == null ? "" : " (got " + rejected + ")"));
        }
        return out;
    }
}
