package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * gantry-server's jobs ({@code /api/v1/jobs/{id}}) as the commands that start them show and follow
 * them. The server answers at once (no long poll as gantryd's jobs have), so following asks every
 * {@link #POLL}.
 */
final class ServerJobs {
    static final Duration POLL = Duration.ofMillis(500);

    private ServerJobs() {
    }

    /** Follows job {@code id} until it ends or {@code timeout} (if given) passes; exit 0 if it succeeded, 1 otherwise. */
    static int follow(ServerCommand command, AgentClient client, String id, Duration timeout) throws InterruptedException {
        PrintWriter err = command.spec.commandLine().getErr();
        JobProgress progress = command.gantry().progress(err);
        long started = System.nanoTime();
        JsonNode job;
        try {
            while (true) {
                job = client.get("/jobs/" + AgentClient.segment(id));
                progress.update(job);
                if (finished(job) || (timeout != null && System.nanoTime() - started >= timeout.toNanos())) {
                    break;
                }
                Thread.sleep(POLL);
            }
        } finally {
            progress.finish();
        }
        Output output = command.output();
        output.print(job, j -> details(j, output));
        if (job.path("state").asText().equals("succeeded")) {
            return Gantry.EXIT_OK;
        }
        if (!finished(job)) {
            err.println("gantry: job " + id + " is still " + job.path("state").asText() + " after "
                    + Durations.format(timeout) + "; it goes on");
        } else {
            err.println("gantry: job " + id + " failed: " + job.path("error").asText());
        }
        err.flush();
        return Gantry.EXIT_FAILED;
    }

    static boolean finished(JsonNode job) {
        String state = job.path("state").asText();
        return state.equals("succeeded") || state.equals("failed");
    }

    static String details(JsonNode job, Output output) {
        String message = job.path("message").asText("");
        Table table = Table.details()
                .add("ID", job.path("id").asText())
                .add("Kind", job.path("kind").asText())
                .add("Description", job.path("description").asText())
                .add("State", job.path("state").asText())
                .add("Progress", job.path("progress").asInt() + "%" + (message.isEmpty() ? "" : "  " + message))
                .add("Created", output.time(job.get("createdAt")))
                .add("Finished", output.time(job.get("finishedAt")));
        if (job.hasNonNull("result")) {
            table.add("Result", Json.compact(job.get("result")));
        }
        if (job.hasNonNull("error")) {
            table.add("Error", job.get("error").asText());
        }
        return table.render();
    }
}
