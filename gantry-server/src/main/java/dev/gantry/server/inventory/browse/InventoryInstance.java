package dev.gantry.server.inventory.browse;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A guest (qemu, lxc) or a gantry machine as of a snapshot.
 *
 * @param gantryId the identity that follows it across nodes, clusters and migrations
 * @param vmid     Proxmox VMID; absent for gantry machines
 * @param cpus     allocated cores
 * @param memory   allocated bytes
 * @param disk     allocated bytes
 * @param macs     upper-case, colon-separated
 * @param uptime   seconds from boot to the snapshot's start (absent when not booted)
 * @param stale    its cluster failed in this snapshot: this is its last known state
 * @param staleError the cluster's error (absent when not stale)
 */
public record InventoryInstance(UUID gantryId, String cluster, String node, Integer vmid, String type, String name,
                                String status, boolean template, double cpus, long memory, long disk,
                                List<String> macs, Long uptime, Instant bootedAt, boolean stale, String staleError) {
    public InventoryInstance {
        macs = List.copyOf(macs);
    }
}
