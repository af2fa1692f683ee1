package dev.gantry.server.inventory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What earlier crawls learnt about one cluster's instances, handed to {@link ClusterSource#read(
 * dev.gantry.server.clusters.ClusterAccess, java.time.Duration, KnownInstances)} so a source can skip
 * per-instance reads for instances that did not change (the N+1 HyperProxmox makes every crawl).
 *
 * @param byKey   the last stored version of each instance, by {@link #key(ClusterReading.Instance)}
 * @param refresh keys whose details must be read again anyway: the crawler's rotating slice, and
 *                instances whose gantryId is not yet confirmed on the cluster
 */
public record KnownInstances(Map<String, Known> byKey, Set<String> refresh) {
    public static final KnownInstances NONE = new KnownInstances(Map.of(), Set.of());

    public KnownInstances {
        byKey = Map.copyOf(byKey);
        refresh = Set.copyOf(refresh);
    }

    /** The fields a cheap listing shows; when one differs the instance is read in full. */
    public record Known(String node, String type, String name, double cpus, long memory, long disk, boolean template,
                        List<String> macs) {
        public Known {
            macs = List.copyOf(macs);
        }
    }

    /** An instance's key within its cluster: its VMID (Proxmox), else node and name (gantry machines). */
    public static String key(ClusterReading.Instance instance) {
        return instance.vmid().map(String::valueOf).orElse(instance.node() + "/" + instance.name());
    }
}
