package dev.gantry.server.power;

import dev.gantry.common.http.ApiException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A guest as the latest inventory snapshot (ok or partial) knows it, found by its gantryId.
 *
 * @param snapshot the snapshot it was read from
 */
record InventoryGuest(UUID gantryId, String cluster, String node, Optional<Integer> vmid, String type, String name,
                      long snapshot) {

    PowerDriver.Target target() {
        return new PowerDriver.Target(node, vmid, type, name);
    }

    /** The guest with {@code gantryId} in the latest snapshot; 404 when it is not there (unknown, or removed). */
    static InventoryGuest find(Jdbi jdbi, String gantryId) {
        UUID id;
        try {
            id = UUID.fromString(gantryId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no instance " + gantryId);
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH latest AS (SELECT id FROM inventory_snapshots WHERE status IN ('ok', 'partial')
                                        ORDER BY started_at DESC, id DESC LIMIT 1)
                        SELECT i.cluster, i.node, i.vmid, i.type, i.name, latest.id AS snapshot
                        FROM inventory_instances i, latest
                        WHERE i.gantry_id = :id AND i.valid_from <= latest.id
                          AND (i.valid_to IS NULL OR i.valid_to > latest.id)
                        ORDER BY i.valid_from DESC LIMIT 1""")
                .bind("id", id)
                .map((rs, ctx) -> new InventoryGuest(id, rs.getString("cluster"), rs.getString("node"),
                        Optional.ofNullable((Integer) rs.getObject("vmid")), rs.getString("type"), rs.getString("name"),
                        rs.getLong("snapshot")))
                .findOne())
                .orElseThrow(() -> ApiException.notFound("no instance " + gantryId + " in the latest inventory snapshot"));
    }
}
