package dev.gantry.agent.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.packages.Change;
import dev.gantry.agent.backend.packages.PackageManager;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.jobs.Job;
import dev.gantry.common.jobs.JobFailedException;
import dev.gantry.common.jobs.JobManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs package changes as jobs, one at a time: the package managers lock their databases anyway, and
 * a caller is better told at once which job holds the lock (409 naming it) than failed minutes later.
 * The job's progress follows the manager's own output; its result (on success and on failure) keeps
 * the manager's log.
 */
final class Transactions {
    private final JobManager jobs;
    private final PackageManager manager;
    private final Object lock = new Object();
    private String current;
    private boolean busy;

    Transactions(JobManager jobs, PackageManager manager) {
        this.jobs = jobs;
        this.manager = manager;
    }

    /** What a finished transaction leaves in its job's result. */
    record Outcome(String manager, String operation, List<String> packages, int exitCode, List<String> command,
                   String log) {
    }

    /** Starts {@code change} as a job, or answers 409 naming the job that runs one. */
    Job start(Change change, String owner) {
        String operation = change.kind().name().toLowerCase(Locale.ROOT);
        String description = operation + (change.packages().isEmpty() ? "" : " " + String.join(", ", change.packages()))
                + (change.purge() ? " (purge)" : "") + change.directory().map(d -> " to " + d).orElse("");
        synchronized (lock) {
            Optional<String> running = running();
            if (running.isPresent()) {
                String id = running.get();
                throw new ApiException(409, "transaction-running", "A package transaction is running",
                        "job " + id + " is running a package transaction; one runs at a time (follow it at /api/v1/jobs/"
                                + id + ")", List.of(), Map.of("Location", "/api/v1/jobs/" + id));
            }
            busy = true;
            try {
                Job job = jobs.submit("packages." + operation, description, owner, ctx -> {
                    try {
                        ctx.progress(0, "starting " + manager.name() + " " + operation);
                        return run(change, operation, p -> ctx.progress(p.percent(), p.message()));
                    } finally {
                        synchronized (lock) {
                            busy = false;
                        }
                    }
                });
                current = job.id();
                return job;
            } catch (RuntimeException e) {
                busy = false;
                throw e;
            }
        }
    }

    /** The job holding the lock: its task has not returned, or its record is not finished yet. */
    private Optional<String> running() {
        if (current == null) {
            return Optional.empty();
        }
        boolean unfinished = jobs.get(current).map(j -> !j.state().finished()).orElse(false);
        return busy || unfinished ? Optional.of(current) : Optional.empty();
    }

    private Outcome run(Change change, String operation,
                        java.util.function.Consumer<dev.gantry.agent.backend.packages.Progress> progress) {
        List<String> command = manager.command(change);
        Command.Result result = manager.run(change, progress);
        String log = result.stdout() + (result.stderr().isBlank() ? "" : "\n--- stderr ---\n" + result.stderr());
        Outcome outcome = new Outcome(manager.name(), operation, change.packages(), result.exitCode(), command, log);
        if (!result.ok()) {
            List<String> errors = manager.errors(result);
            String detail = errors.isEmpty() ? manager.name() + " exited with " + result.exitCode() + ": " + result.reason()
                    : String.join("\n", errors);
            throw new JobFailedException(422, "package-transaction-failed",
                    manager.name() + " " + operation + " failed", detail, outcome);
        }
        return outcome;
    }

}
