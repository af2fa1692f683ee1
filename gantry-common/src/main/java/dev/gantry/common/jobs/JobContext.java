package dev.gantry.common.jobs;

/** What a running job may tell its record. Cancellation arrives as an interrupt. */
public interface JobContext {
    /** Sets progress (0–100) and a one-line message; both show on the job and on the event bus. */
    void progress(int percent, String message);

    String jobId();
}
