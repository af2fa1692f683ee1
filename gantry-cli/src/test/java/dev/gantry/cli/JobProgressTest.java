package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    private static com.fasterxml.jackson.databind.JsonNode job(String state, int progress, String message) {
        return Json.object().put("state", state).put("progress", progress).put("message", message);
    }

    @Test
    void linesPrintOneLinePerChangeOnly() {
        StringWriter err = new StringWriter();
        JobProgress progress = JobProgress.lines(new PrintWriter(err));

        progress.update(job("queued", 0, "queued"));
        progress.update(job("running", 0, "running"));
        progress.update(job("running", 0, "running"));
        progress.update(job("running", 50, "step 1 of 2"));
        progress.update(job("succeeded", 100, "step 2 of 2"));
        progress.finish();

        assertThat(err.toString()).isEqualTo("""
                queued 0%
                running 0%
                running 50% step 1 of 2
                succeeded 100% step 2 of 2
                """);
    }

    @Test
    void theBarIsRedrawnInPlaceAndItsLineEndedWhenFinished() {
        StringWriter err = new StringWriter();
        JobProgress progress = JobProgress.bar(new PrintWriter(err));

        progress.update(job("running", 50, "step 1 of 2"));
        progress.update(job("succeeded", 100, "step 2 of 2"));
        progress.finish();

        assertThat(err.toString()).isEqualTo(
                "\rrunning [" + "#".repeat(15) + "-".repeat(15) + "]  50% step 1 of 2\u001b[K"
                + "\rsucceeded [" + "#".repeat(30) + "] 100% step 2 of 2\u001b[K"
                + "\n");
    }

    @Test
    void finishWithoutABarPrintsNothing() {
        StringWriter err = new StringWriter();

        JobProgress.bar(new PrintWriter(err)).finish();

        assertThat(err.toString()).isEmpty();
    }
}
