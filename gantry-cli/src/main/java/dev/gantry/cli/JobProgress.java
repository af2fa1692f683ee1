package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * A followed job's progress on stderr: on a terminal one bar redrawn in place, otherwise a plain line
 * each time state, percentage or message changes (for logs and CI).
 */
final class JobProgress {
    private static final int BAR_WIDTH = 30;
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter err;
    private final boolean bar;
    private String last = "";
    private boolean drawn;

    private JobProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    static JobProgress bar(PrintWriter err) {
        return new JobProgress(err, true);
    }

    static JobProgress lines(PrintWriter err) {
        return new JobProgress(err, false);
    }

    void update(JsonNode job) {
        String state = job.path("state").asText();
        int percent = Math.max(0, Math.min(100, job.path("progress").asInt()));
        String message = job.path("message").asText("");
        String text = state + " " + percent + "%" + (message.isEmpty() || message.equals(state) ? "" : " " + message);
        if (text.equals(last)) {
            return;
        }
        last = text;
        if (bar) {
            int filled = percent * BAR_WIDTH / 100;
            err.print("\r" + state + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                    + String.format("%3d%%", percent) + (message.isEmpty() || message.equals(state) ? "" : " " + message)
                    + CLEAR_TO_END);
            drawn = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends the bar's line, so what follows starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
