package dev.gantry.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link JobRun} for one claim: keeps the steps and writes each report through the fenced queue. */
final class RunningJob implements JobRun {
    private final JobQueue queue;
    private final JobQueue.Claim claim;
    private final Clock clock;
    private final List<Job.Step> steps;
    private int progress;
    private String message;
    private volatile boolean leaseLost;

    RunningJob(JobQueue queue, JobQueue.Claim claim, Clock clock) {
        this.queue = queue;
        this.claim = claim;
        this.clock = clock;
        // A retried job starts its steps afresh: the record shows what this attempt did.
        this.steps = new ArrayList<>();
    }

    @Override
    public UUID jobId() {
        return claim.job().id();
    }

    @Override
    public String kind() {
        return claim.job().kind();
    }

    @Override
    public Optional<String> tenant() {
        return Optional.ofNullable(claim.job().tenant());
    }

    @Override
    public Optional<UUID> resourceId() {
        return Optional.ofNullable(claim.job().resourceId());
    }

    @Override
    public int attempt() {
        return claim.attempt();
    }

    @Override
    public JsonNode input() {
        return claim.input();
    }

    @Override
    public <T> T input(Class<T> type) {
        try {
            return Json.mapper().treeToValue(claim.input(), type);
        } catch (Exception e) {
            throw ApiException.badRequest("job " + jobId() + ": input is not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void step(String name) {
        endRunningStep(Job.StepState.DONE);
        steps.add(new Job.Step(name, Job.StepState.RUNNING, clock.instant(), null));
        write();
    }

    @Override
    public synchronized void progress(int percent, String text) {
        this.progress = Math.clamp(percent, 0, 100);
        this.message = text;
        write();
    }

    private void write() {
        if (leaseLost || !queue.report(claim, steps, progress, message)) {
            leaseLost = true;
            throw new LeaseLostException(jobId());
        }
    }

    /** The steps as the job ends: a step still running ends as {@code end}. */
    synchronized List<Job.Step> stepsEnding(Job.StepState end) {
        endRunningStep(end);
        return List.copyOf(steps);
    }

    private void endRunningStep(Job.StepState end) {
        if (!steps.isEmpty() && steps.getLast().state() == Job.StepState.RUNNING) {
            Job.Step last = steps.removeLast();
            steps.add(new Job.Step(last.name(), end, last.startedAt(), clock.instant()));
        }
    }

    void leaseLost() {
        leaseLost = true;
    }

    boolean isLeaseLost() {
        return leaseLost;
    }
}
