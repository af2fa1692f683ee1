package dev.gantry.server.inventory;

import dev.gantry.server.clusters.ClusterAccess;
import java.time.Duration;
import java.util.UUID;

/**
 * Reads one kind of cluster (Proxmox, gantry agents) for the crawler. One implementation per
 * {@link ClusterAccess.Kind}; the crawler owns snapshots, identities and storage, a source only
 * talks to its cluster.
 */
public interface ClusterSource {
    ClusterAccess.Kind kind();

    /**
     * Everything the crawler stores for this cluster, with a bounded number of calls.
     *
     * @param timeout the whole read's budget; a source gives up (throws) when it is spent
     * @throws Exception any failure: the crawler records its message as this cluster's error
     */
    ClusterReading read(ClusterAccess cluster, Duration timeout) throws Exception;

    /**
     * {@link #read(ClusterAccess, Duration)} knowing what earlier crawls stored, so that instances
     * unchanged in the cluster's cheap listing need no call of their own. An instance read this way
     * has no {@link ClusterReading.Instance#configDigest} (its details were not read) and carries the
     * known MACs. Sources without per-instance calls need not override it.
     */
    default ClusterReading read(ClusterAccess cluster, Duration timeout, KnownInstances known) throws Exception {
        return read(cluster, timeout);
    }

    /**
     * Makes {@code instance} carry {@code gantryId} where the cluster keeps it (Proxmox: the guest's
     * description, guarded by {@link ClusterReading.Instance#configDigest}). Sources whose instances
     * carry a stable id of their own do nothing.
     *
     * @return false when the guest changed since it was read (digest mismatch); the next crawl retries
     */
    boolean stamp(ClusterAccess cluster, ClusterReading.Instance instance, UUID gantryId) throws Exception;
}
