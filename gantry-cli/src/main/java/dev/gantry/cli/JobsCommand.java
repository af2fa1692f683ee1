package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry jobs}: the agent's long operations. */
@Command(name = "jobs", description = "Long operations: list, show, follow and cancel them.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class, JobsCommand.Wait.class,
                JobsCommand.Cancel.class})
final class JobsCommand {
    /** A job's states as the API spells them. */
    enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private JobsCommand() {
    }

    @Command(name = "list", description = "List jobs, newest first.")
    static final class ListJobs extends ApiCommand {
        @Option(names = "--state", paramLabel = "STATE", converter = Choices.JobState.class,
                description = "only jobs in this state: ${COMPLETION-CANDIDATES}")
        State state;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = state == null ? Map.of() : Map.of("state", state.toString());
            Output output = output();
            output.print(client.get("/jobs", query, 0), jobs -> {
                Table table = Table.columns("ID", "KIND", "STATE", "PROGRESS", "CREATED", "DESCRIPTION");
                for (JsonNode job : jobs) {
                    table.row(job.path("id").asText(), job.path("kind").asText(), job.path("state").asText(),
                            job.path("progress").asInt() + "%", output.time(job.get("createdAt")),
                            job.path("description").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show a job: its state, progress, result or problem.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the job's id")
        String id;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/jobs/" + AgentClient.segment(id)), job -> details(job, output));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "wait", description = {
            "Follow a job until it ends, then show it.",
            "Progress goes to stderr: a bar on a terminal, otherwise a line per change. Exits 0 if the job "
                    + "succeeded, 1 if it failed, was cancelled, or still runs after --timeout."})
    static final class Wait extends ApiCommand {
        /** Seconds each request lets the agent hold the answer until the job ends: the progress refresh. */
        static final int POLL_SECONDS = 1;

        @Parameters(paramLabel = "ID", description = "the job's id")
        String id;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "stop waiting after this long, e.g. 90s, 5m, 2h (default: no limit); the job goes on")
        Duration timeout;

        @Override
        int run(AgentClient client) {
            return follow(this, client, id, timeout);
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job, and show it.")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "the job's id")
        String id;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.delete("/jobs/" + AgentClient.segment(id)), job -> details(job, output));
            return Gantry.EXIT_OK;
        }
    }

    /**
     * Follows job {@code id} until it ends (or {@code timeout}, if given, passes), progress on stderr,
     * then shows it: exit 0 if it succeeded, 1 otherwise. Shared by {@code jobs wait} and the commands
     * that start a job and follow it ({@code gantry pkg install} ...).
     */
    static int follow(ApiCommand command, AgentClient client, String id, Duration timeout) {
        JobProgress progress = command.gantry().progress(command.err());
        long started = System.nanoTime();
        JsonNode job;
        int wait = 0; // the first answer at once, so that progress shows from the start
        try {
            do {
                job = client.get("/jobs/" + AgentClient.segment(id), Map.of("wait", String.valueOf(wait)), wait);
                progress.update(job);
                wait = Wait.POLL_SECONDS;
            } while (!finished(job) && (timeout == null || System.nanoTime() - started < timeout.toNanos()));
        } finally {
            progress.finish();
        }
        Output output = command.output();
        output.print(job, j -> details(j, output));
        String state = job.path("state").asText();
        if (state.equals(State.SUCCEEDED.toString())) {
            return Gantry.EXIT_OK;
        }
        PrintWriter err = command.err();
        if (!finished(job)) {
            err.println("gantry: job " + id + " is still " + state + " after " + Durations.format(timeout)
                    + "; it goes on (follow it again with: gantry jobs wait " + id + ")");
        } else {
            err.println("gantry: job " + id + " " + state);
            if (job.hasNonNull("problem")) {
                ApiError.describe(job.get("problem")).forEach(line -> err.println("gantry: " + line));
            }
        }
        err.flush();
        return Gantry.EXIT_FAILED;
    }

    static boolean finished(JsonNode job) {
        return switch (job.path("state").asText()) {
            case "succeeded", "failed", "cancelled" -> true;
            default -> false;
        };
    }

    static String details(JsonNode job, Output output) {
        String message = job.path("message").asText("");
        Table table = Table.details()
                .add("ID", job.path("id").asText())
                .add("Kind", job.path("kind").asText())
                .add("Description", job.path("description").asText())
                .add("State", job.path("state").asText())
                .add("Progress", job.path("progress").asInt() + "%" + (message.isEmpty() ? "" : "  " + message))
                .add("Owner", job.path("owner").asText())
                .add("Created", output.time(job.get("createdAt")))
                .add("Started", output.time(job.get("startedAt")))
                .add("Finished", output.time(job.get("finishedAt")));
        if (job.hasNonNull("result")) {
            table.add("Result", Json.compact(job.get("result")));
        }
        if (job.hasNonNull("problem")) {
            table.add("Problem", String.join("\n", ApiError.describe(job.get("problem"))));
        }
        return table.render();
    }
}
