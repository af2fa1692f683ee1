package dev.gantry.server.inventory.browse;

import java.time.Instant;

/**
 * One crawl's snapshot as browse shows it.
 *
 * @param finishedAt absent while it runs
 * @param status     running, ok, partial (some cluster failed) or failed (every cluster failed)
 */
public record InventorySnapshot(long id, Instant startedAt, Instant finishedAt, String status) {
}
