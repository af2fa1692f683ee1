package dev.gantry.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    @Test
    void oneKeysTasksRunOneAtATimeInSubmissionOrder() throws Exception {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        int[] running = {0};
        int[] maxRunning = {0};
        CountDownLatch done = new CountDownLatch(500);
        try (SerialExecutor executor = new SerialExecutor()) {
            for (int i = 0; i < 500; i++) {
                int n = i;
                assertThat(executor.submit("eth0", () -> {
                    synchronized (running) {
                        maxRunning[0] = Math.max(maxRunning[0], ++running[0]);
                    }
                    seen.add(n);
                    Thread.yield();
                    synchronized (running) {
                        running[0]--;
                    }
                    done.countDown();
                })).isTrue();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(500).isSorted();
        assertThat(maxRunning[0]).isEqualTo(1);
    }

    @Test
    void aBlockedKeyDoesNotHoldUpAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        try (SerialExecutor executor = new SerialExecutor()) {
            executor.submit("eth0", () -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            executor.submit("eth1", otherRan::countDown);
            assertThat(otherRan.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheNext() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        try (SerialExecutor executor = new SerialExecutor()) {
            executor.submit("eth0", () -> {
                throw new IllegalStateException("boom");
            });
            executor.submit("eth0", next::countDown);
            assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
