package dev.gantry.agent.backend.nft;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Shares one expensive read among the callers that want it at the same time, without ever giving a
 * caller a result older than its call: a caller that arrives while a read runs waits for the next
 * one, which starts when the running one ends, and every caller that arrived meanwhile shares that
 * next read. At most one read runs and one waits, however many callers there are.
 *
 * <p>For {@code nft -j list ruleset}: each read forks nft, which spends tens of milliseconds of CPU
 * on a large ruleset; 32 concurrent readers on two cores would otherwise run 32 of them at once and
 * all be slow. Thread-safe.
 */
final class FreshRead<T> {
    private final Supplier<T> read;
    private final Object lock = new Object();
    /** The read that starts when the running one ends; null when nobody waits for one. */
    private Batch<T> next;
    private boolean running;

    private static final class Batch<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        int callers;
    }

    FreshRead(Supplier<T> read) {
        this.read = read;
    }

    T get() {
        Batch<T> mine;
        boolean start;
        synchronized (lock) {
            if (next == null) {
                next = new Batch<>();
            }
            mine = next;
            mine.callers++;
            start = !running;
            if (start) {
                running = true;
                next = null;
            }
        }
        if (start) {
            run(mine);
        }
        try {
            return mine.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Callers waiting for the next read (for tests). */
    int waiting() {
        synchronized (lock) {
            return next == null ? 0 : next.callers;
        }
    }

    private void run(Batch<T> batch) {
        try {
            batch.result.complete(read.get());
        } catch (Throwable t) {
            batch.result.completeExceptionally(t);
        }
        Batch<T> following;
        synchronized (lock) {
            following = next;
            next = null;
            running = following != null;
        }
        if (following != null) {
            // Not on this caller's thread: it has its answer and should not wait for others' reads.
            Thread.ofVirtual().name("nft-read").start(() -> run(following));
        }
    }
}
