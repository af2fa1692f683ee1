package dev.gantry.server.inventory.browse;

import java.time.Instant;
import java.util.List;

/**
 * One cluster's crawl in a snapshot.
 *
 * @param status  ok, or failed (then {@code error} says why, and its rows in this snapshot are the
 *                last known ones, marked stale)
 * @param calls   HTTP calls the crawl made
 * @param version e.g. Proxmox {@code 8.2.4}
 * @param quorate absent where not applicable (gantry clusters)
 * @param groups  the cluster's groups as registered now (not as they were then)
 */
public record InventoryCluster(String cluster, String kind, String status, String error, boolean stale,
                               Instant startedAt, Instant finishedAt, int calls, String version, Boolean quorate,
                               List<String> groups) {
    public InventoryCluster {
        groups = List.copyOf(groups);
    }
}
