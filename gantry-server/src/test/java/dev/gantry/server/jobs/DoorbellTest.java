package dev.gantry.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DoorbellTest {
    private static final long FOREVER = Duration.ofHours(1).toMillis();

    @Test
    void aRingWakesAWaitingWorker() throws Exception {
        Doorbell bell = new Doorbell();
        long seen = bell.rings();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                bell.await(seen, FOREVER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        bell.ring();

        assertThat(waiter.join(Duration.ofSeconds(30))).as("woken").isTrue();
    }

    @Test
    void aRingBetweenLookingAndWaitingIsNotMissed() throws Exception {
        Doorbell bell = new Doorbell();
        long seen = bell.rings();
        bell.ring(); // a job queued after the worker looked and found none
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                bell.await(seen, FOREVER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(waiter.join(Duration.ofSeconds(30))).as("returned at once").isTrue();
    }
}
