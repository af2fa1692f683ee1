package dev.gantry.server.placement;

import dev.gantry.server.clusters.ClusterAccess;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Where a node keeps guest disks, for the disk terms of the formula: the cluster's {@code storageDisk}
 * when it names a storage of the node, else the sum of the node's storages that hold VM images or
 * container volumes. A node's root disk ({@code inventory_nodes.disk_*}) is only the fallback: on
 * Proxmox guest disks live on {@code local-lvm} or shared storage, not on the root file system.
 */
record GuestStorage(long total, long used) {

    /** By {@code cluster/node}, for the nodes of {@code snapshot} that have such storage. */
    static Map<String, GuestStorage> read(Handle h, long snapshot, Map<String, ClusterAccess> clusters) {
        Map<String, GuestStorage> all = new HashMap<>();
        Map<String, GuestStorage> preferred = new HashMap<>();
        for (Row r : h.createQuery("""
                        SELECT cluster, node, storage, total, used, content && ARRAY['images', 'rootdir'] AS guests
                        FROM inventory_storages WHERE snapshot_id = :snapshot AND active""")
                .bind("snapshot", snapshot)
                .map((rs, ctx) -> new Row(rs.getString("cluster"), rs.getString("node"), rs.getString("storage"),
                        new GuestStorage(rs.getLong("total"), rs.getLong("used")), rs.getBoolean("guests")))
                .list()) {
            String key = r.cluster() + "/" + r.node();
            ClusterAccess cluster = clusters.get(r.cluster());
            if (cluster != null && cluster.storageDisk().map(r.storage()::equals).orElse(false)) {
                preferred.put(key, r.size());
            } else if (r.guests()) {
                all.merge(key, r.size(), (a, b) -> new GuestStorage(a.total + b.total, a.used + b.used));
            }
        }
        all.putAll(preferred);
        return all;
    }

    private record Row(String cluster, String node, String storage, GuestStorage size, boolean guests) {
    }
}
