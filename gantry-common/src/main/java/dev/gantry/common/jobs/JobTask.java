package dev.gantry.common.jobs;

/** The work of a job. It reports progress through its context and returns the result (JSON-serialisable). */
@FunctionalInterface
public interface JobTask {
    Object run(JobContext context) throws Exception;
}
