package dev.gantry.server.inventory.browse;

import java.util.List;

/**
 * One page of a kind's rows as of {@code snapshot}; {@code next}, when present, is the {@code after}
 * value for the following page (instances and disks; the other kinds come whole).
 */
public record InventoryPage<T>(InventorySnapshot snapshot, List<T> items, String next) {
    public InventoryPage {
        items = List.copyOf(items);
    }
}
