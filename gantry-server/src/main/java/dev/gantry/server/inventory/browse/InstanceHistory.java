package dev.gantry.server.inventory.browse;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One instance by gantryId: where it is now and every version it had.
 *
 * @param snapshot the latest snapshot {@code current} is read from (absent before the first crawl finished)
 * @param current  the instance as of that snapshot; absent when it is gone from it
 * @param history  its versions, oldest first
 */
public record InstanceHistory(UUID gantryId, InventorySnapshot snapshot, InventoryInstance current,
                              List<Version> history) {
    public InstanceHistory {
        history = List.copyOf(history);
    }

    /**
     * One version: the instance as it was from snapshot {@code fromSnapshot} up to, not including,
     * {@code toSnapshot} (absent: still current). {@code instance.uptime} is as of {@code fromSnapshot}.
     *
     * @param from when {@code fromSnapshot} started
     * @param to   when {@code toSnapshot} started
     */
    public record Version(long fromSnapshot, Long toSnapshot, Instant from, Instant to, InventoryInstance instance) {
    }
}
