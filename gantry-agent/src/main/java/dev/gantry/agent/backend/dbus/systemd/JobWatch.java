package dev.gantry.agent.backend.dbus.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Matches JobRemoved signals to callers waiting for their job. The signal may come before the caller
 * knows the job's id (a job can end before StartUnit's answer is read), so both sides meet in one
 * map of futures; results nobody waited for are dropped once there are more than {@link #KEPT}.
 */
final class JobWatch {
    static final int KEPT = 1024;
    private final Map<Long, CompletableFuture<String>> results = new ConcurrentHashMap<>();

    void removed(long id, String result) {
        if (results.size() > KEPT) {
            results.entrySet().removeIf(e -> e.getValue().isDone() && e.getKey() < id - KEPT);
        }
        results.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(result);
    }

    Optional<String> await(long id, Duration timeout) {
        CompletableFuture<String> future = results.computeIfAbsent(id, k -> new CompletableFuture<>());
        try {
            return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (future.isDone()) {
                results.remove(id);
            }
        }
    }
}
