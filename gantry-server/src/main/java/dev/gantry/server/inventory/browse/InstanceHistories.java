package dev.gantry.server.inventory.browse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Reads one instance's versions (index {@code inventory_instances_gantry}: gantry_id, valid_from). */
final class InstanceHistories {
    private InstanceHistories() {
    }

    /** Empty when no version of {@code gantryId} is stored (never seen, or purged). */
    static Optional<InstanceHistory> find(Handle h, UUID gantryId, Optional<InventorySnapshot> latest) {
        List<InstanceHistory.Version> versions = h.createQuery("SELECT " + InventoryRows.INSTANCE_COLUMNS
                        + ", f.started_at AS from_started, u.started_at AS to_started FROM inventory_instances t"
                        + " LEFT JOIN inventory_snapshots f ON f.id = t.valid_from"
                        + " LEFT JOIN inventory_snapshots u ON u.id = t.valid_to"
                        + " WHERE t.gantry_id = :g ORDER BY t.valid_from, t.row_id")
                .bind("g", gantryId)
                .map((rs, ctx) -> {
                    Instant from = InventoryRows.instant(rs, "from_started");
                    Long to = (Long) rs.getObject("valid_to");
                    return new InstanceHistory.Version(rs.getLong("valid_from"), to, from,
                            InventoryRows.instant(rs, "to_started"),
                            InventoryRows.instance(rs, from, false));
                }).list();
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        InventoryInstance current = latest.flatMap(s -> h.createQuery("SELECT " + InventoryRows.INSTANCE_COLUMNS
                        + InventoryRows.CRAWL_COLUMNS + InventoryRows.asOf("inventory_instances")
                        + " AND t.gantry_id = :g")
                .bind("s", s.id()).bind("g", gantryId)
                .map((rs, ctx) -> InventoryRows.instance(rs, s.startedAt(), true)).findFirst()).orElse(null);
        return Optional.of(new InstanceHistory(gantryId, latest.orElse(null), current, versions));
    }
}
