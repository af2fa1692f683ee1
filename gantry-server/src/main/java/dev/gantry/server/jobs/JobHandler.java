package dev.gantry.server.jobs;

/**
 * The work of one kind of job. A worker that dies mid-job has its job run again by another worker,
 * from the start, so a handler must be idempotent: look at what a previous attempt already did
 * ({@link JobRun#attempt()} &gt; 1) rather than assume a clean slate.
 */
@FunctionalInterface
public interface JobHandler {
    /** Does the work; returns the result (JSON-serialisable, or null), or throws to fail the job with the exception's message. */
    Object run(JobRun run) throws Exception;
}
