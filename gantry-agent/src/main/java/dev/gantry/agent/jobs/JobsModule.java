package dev.gantry.agent.jobs;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import dev.gantry.common.jobs.Job;
import dev.gantry.common.jobs.JobManager;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/v1/jobs}: the records of long operations, which outlive agent restarts. A job that was
 * running when the agent stopped comes back failed, saying so.
 */
public final class JobsModule implements ApiModule {
    static final int MAX_WAIT_SECONDS = 300;
    private final JobManager jobs;

    public JobsModule(JobManager jobs) {
        this.jobs = jobs;
    }

    /** Body of {@code POST /jobs/noop}. */
    public record NoopJob(int seconds, int steps) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(seconds >= 0 && seconds <= 3600, "seconds", "range", "from 0 to 3600", seconds);
            v.check(steps >= 1 && steps <= 1000, "steps", "range", "from 1 to 1000", steps);
        }
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String description() {
        return "Long operations: state, progress, result or problem";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/jobs").summary("List jobs, newest first").returnsListOf(Job.class)
                .query("state", String.class, "only jobs in this state (queued, running, succeeded, failed, cancelled)")
                .handle(req -> {
                    List<Job> all = jobs.list();
                    return req.query("state").map(s -> all.stream()
                            .filter(j -> j.state().name().equalsIgnoreCase(s)).toList()).orElse(all);
                });
        routes.get("/jobs/{id}").summary("Show a job").returns(Job.class)
                .query("wait", Integer.class, "seconds to wait for the job to finish (0-" + MAX_WAIT_SECONDS + ")")
                .handle(req -> {
                    String id = req.param("id");
                    int wait = req.intQuery("wait", 0, MAX_WAIT_SECONDS).orElse(0);
                    Job job = wait > 0 ? jobs.await(id, Duration.ofSeconds(wait)) : jobs.get(id).orElse(null);
                    if (job == null) {
                        throw ApiException.notFound("no job " + id);
                    }
                    return job;
                });
        routes.delete("/jobs/{id}").summary("Cancel a job").returns(Job.class)
                .description("A queued or running job is cancelled; a finished one answers 409.")
                .status(200)
                .handle(req -> jobs.cancel(req.param("id")));
        routes.post("/jobs/noop").summary("Start a job that only waits and reports progress")
                .description("Checks the job pipeline end to end (progress, events, waiting clients, restarts) "
                        + "without touching the host.")
                .body(NoopJob.class).returns(Job.class).status(202)
                .handle(req -> {
                    NoopJob body = req.body(NoopJob.class);
                    Job job = jobs.submit("noop", "wait " + body.seconds() + " s in " + body.steps() + " steps",
                            req.caller().name(), ctx -> {
                                long stepMillis = body.seconds() * 1000L / body.steps();
                                for (int i = 1; i <= body.steps(); i++) {
                                    Thread.sleep(stepMillis);
                                    ctx.progress(i * 100 / body.steps(), "step " + i + " of " + body.steps());
                                }
                                return java.util.Map.of("steps", body.steps());
                            });
                    return Reply.accepted("/api/v1/jobs/" + job.id(), job);
                });
    }
}
