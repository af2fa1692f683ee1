package dev.gantry.server.inventory.browse;

import java.time.Instant;

/**
 * A volume as of a snapshot, e.g. {@code local-lvm:vm-101-disk-0}; {@code size} in bytes, {@code vmid}
 * absent for unowned volumes. {@code stale}: as {@link InventoryNode}.
 */
public record InventoryDisk(String cluster, String node, String storage, String volid, String format, long size,
                            Integer vmid, Instant created, boolean stale, String staleError) {
}
