package dev.gantry.server.inventory;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Drops snapshots started before a date, keeping what later snapshots still need: the versions valid
 * in a kept snapshot stay, with {@code valid_from} moved forward to the oldest kept snapshot, and the
 * newest finished snapshot is always kept, however old, since the current inventory is read from it.
 */
public final class Purge {
    /**
     * @param keptFrom the oldest snapshot kept (absent when there was nothing to purge)
     */
    public record Result(int snapshots, int instanceVersions, int diskVersions, Long keptFrom) {
    }

    private Purge() {
    }

    static Result before(Handle h, Instant before) {
        Optional<Long> firstKept = h.createQuery("""
                        select min(id) from inventory_snapshots
                        where started_at >= :before or status = 'running'
                           or id = (select max(id) from inventory_snapshots where status in ('ok', 'partial'))""")
                .bind("before", before).mapTo(Long.class).findOne();
        if (firstKept.isEmpty() || firstKept.get() == null) {
            return new Result(0, 0, 0, null);
        }
        long k = firstKept.get();
        int instances = h.createUpdate("delete from inventory_instances where valid_to <= :k").bind("k", k).execute();
        h.createUpdate("update inventory_instances set valid_from = :k where valid_from < :k").bind("k", k).execute();
        int disks = h.createUpdate("delete from inventory_disks where valid_to <= :k").bind("k", k).execute();
        h.createUpdate("update inventory_disks set valid_from = :k where valid_from < :k").bind("k", k).execute();
        // identities of instances gone before the kept range can no longer be followed by a move
        h.createUpdate("delete from inventory_identities where gone_in < :k").bind("k", k).execute();
        int snapshots = h.createUpdate("delete from inventory_snapshots where id < :k").bind("k", k).execute();
        return new Result(snapshots, instances, disks, k);
    }
}
