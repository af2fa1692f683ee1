package dev.gantry.agent.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time per key, in the order they were submitted, and tasks of different keys in
 * parallel (a virtual thread per key while it has work). The broker keys by link, so one link's events
 * reach its scripts in arrival order while a slow script of one link does not hold up another.
 * A key's queue holds at most {@link #MAX_QUEUED} tasks; beyond that a task is refused (and the caller says so).
 */
final class SerialExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    static final int MAX_QUEUED = 10_000;

    private final Map<String, Deque<Runnable>> queues = new HashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("events-", 0).factory());
    private boolean closed;

    /** Queues {@code task} behind the earlier tasks of {@code key}; false when that queue is full or closed. */
    synchronized boolean submit(String key, Runnable task) {
        if (closed) {
            return false;
        }
        Deque<Runnable> queue = queues.get(key);
        if (queue != null) {
            if (queue.size() >= MAX_QUEUED) {
                return false;
            }
            queue.addLast(task);
            return true;
        }
        queues.put(key, new ArrayDeque<>());
        threads.execute(() -> drain(key, task));
        return true;
    }

    /** {@link #submit}, logging a refusal: the task's scripts do not run. */
    void submitOrWarn(String key, Runnable task) {
        if (!submit(key, task)) {
            LOG.error("events of {} are {} behind (or the broker is stopping): this one runs no scripts", key, MAX_QUEUED);
        }
    }

    private void drain(String key, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("event task of {} failed", key, e);
            }
            synchronized (this) {
                Deque<Runnable> queue = queues.get(key);
                next = queue.pollFirst();
                if (next == null) {
                    queues.remove(key);
                }
            }
        }
    }

    /** Runs no new tasks; waits up to {@code wait} for the running ones (their scripts have their own timeout). */
    void close(java.time.Duration wait) {
        synchronized (this) {
            closed = true;
            queues.values().forEach(Deque::clear);
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(5));
    }
}
