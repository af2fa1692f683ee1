package dev.gantry.server.jobs;

import java.time.Duration;

/**
 * {@code [Jobs]}: how this replica works the shared job queue.
 *
 * @param workers     {@code Workers}: jobs this replica runs at once; default 4, 0 runs none (an API-only replica)
 * @param lease       {@code Lease}: seconds a claimed job stays with its worker without a heartbeat; the
 *                    worker renews it every third of that; default 60
 * @param maxAttempts {@code MaxAttempts}: claims of one job before a lost lease fails it; default 3
 */
public record JobsConfig(int workers, Duration lease, int maxAttempts) {
    public static final JobsConfig DEFAULT = new JobsConfig(4, Duration.ofSeconds(60), 3);
}
