package dev.gantry.server.jobs;

/**
 * Wakes this replica's idle workers when this replica queues a job, so that a job does not wait for
 * the next poll. Jobs queued by other replicas are found by polling. A ring is counted, so a worker
 * that looked for work just before it is not put to sleep by it.
 */
final class Doorbell {
    private long rings;

    synchronized void ring() {
        rings++;
        notifyAll();
    }

    /** The count to pass to {@link #await}: read it before looking for work. */
    synchronized long rings() {
        return rings;
    }

    /** Waits until a ring after {@code seen}, or at most {@code millis}. */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (rings == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
