package dev.gantry.server.inventory.browse;

import java.util.List;

/** A storage of a node as of a snapshot; sizes in bytes. {@code stale}: as {@link InventoryNode}. */
public record InventoryStorage(String cluster, String node, String storage, String type, List<String> content,
                               boolean shared, boolean active, long total, long used, long available,
                               boolean stale, String staleError) {
    public InventoryStorage {
        content = List.copyOf(content);
    }
}
