package dev.gantry.server.inventory.browse;

import java.util.List;

/**
 * A node as of a snapshot. Sizes in bytes, {@code cpuUsage} a fraction 0–1, {@code uptime} seconds;
 * the {@code allocated*} sums and {@code instanceCount} are over the node's guests, templates excluded.
 *
 * @param stale      its cluster failed in this snapshot: these are its last known values
 * @param staleError the cluster's error (absent when not stale)
 */
public record InventoryNode(String cluster, String node, String status, int cpus, double cpuUsage, long memoryTotal,
                            long memoryUsed, long diskTotal, long diskUsed, List<Double> load, long uptime,
                            double allocatedCpus, long allocatedMemory, long allocatedDisk, int instanceCount,
                            boolean stale, String staleError) {
    public InventoryNode {
        load = List.copyOf(load);
    }
}
