package dev.gantry.server.inventory.browse;

import java.util.List;
import java.util.UUID;

/**
 * What changed among instances between two snapshots, keyed by gantryId.
 *
 * @param added   present in {@code to} only
 * @param removed present in {@code from} only
 * @param moved   node or cluster changed (with any other field changes)
 * @param changed same node and cluster, other fields changed
 */
public record InventoryDiff(InventorySnapshot from, InventorySnapshot to, List<InventoryInstance> added,
                            List<InventoryInstance> removed, List<Move> moved, List<Change> changed) {
    public InventoryDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        moved = List.copyOf(moved);
        changed = List.copyOf(changed);
    }

    /** An instance that moved; {@code changes} lists its other changed fields. */
    public record Move(UUID gantryId, String name, Integer vmid, String fromCluster, String fromNode, String toCluster,
                       String toNode, List<FieldChange> changes) {
        public Move {
            changes = List.copyOf(changes);
        }
    }

    /** An instance that stayed where it was but changed; {@code name} and {@code vmid} as of {@code to}. */
    public record Change(UUID gantryId, String cluster, String node, String name, Integer vmid,
                         List<FieldChange> changes) {
        public Change {
            changes = List.copyOf(changes);
        }
    }

    /** One field's old and new value ({@code macs} as arrays, {@code bootedAt} as ISO-8601 times). */
    public record FieldChange(String field, Object from, Object to) {
    }
}
