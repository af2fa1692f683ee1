package dev.gantry.server.power;

import dev.gantry.server.clusters.ClusterAccess;
import java.time.Duration;
import java.util.Optional;

/**
 * Power actions and live status for one kind of cluster. One implementation per
 * {@link ClusterAccess.Kind}; the power module owns validation (which actions a type and state
 * allow), jobs and the API.
 */
public interface PowerDriver {
    ClusterAccess.Kind kind();

    /** Where an instance is now: looked up live, since it may have moved since the last snapshot. */
    record Target(String node, Optional<Integer> vmid, String type, String name) {
    }

    /** @param status running, stopped, paused, unknown; detail is the provider's own status object */
    record LiveStatus(String status, Optional<String> qmpStatus, long uptimeSeconds, Object detail) {
    }

    LiveStatus status(ClusterAccess cluster, Target target) throws Exception;

    /**
     * Where {@code last} (as the latest snapshot saw it) is now: its node may have changed since, by a
     * migration. Empty when the cluster no longer has it. The default trusts the snapshot, for
     * providers whose instances never move.
     */
    default Optional<Target> locate(ClusterAccess cluster, Target last) throws Exception {
        return Optional.of(last);
    }

    /** Starts {@code action} and returns the provider's task id (Proxmox UPID). */
    String begin(ClusterAccess cluster, Target target, String action) throws Exception;

    /** Waits up to {@code wait} for the task; empty while it still runs, else its exit status ("OK" on success). */
    Optional<String> awaitTask(ClusterAccess cluster, Target target, String taskId, Duration wait) throws Exception;
}
