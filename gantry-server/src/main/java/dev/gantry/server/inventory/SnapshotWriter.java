package dev.gantry.server.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Writes one crawl into its snapshot, in the caller's transaction. Clusters, nodes and storages are
 * written whole; instances and disks only where they changed: the open version of a changed or
 * vanished one is closed at this snapshot, and a changed or new one gets a version from it. A failed
 * cluster writes only its crawl row, so its last known instances and disks stay open.
 */
final class SnapshotWriter {
    /** What the write did, for the log and the benchmark. */
    record Counts(int instancesWritten, int instancesClosed, int disksWritten, int disksClosed) {
    }

    private final Handle h;
    private final long snapshot;

    SnapshotWriter(Handle h, long snapshot) {
        this.h = h;
        this.snapshot = snapshot;
    }

    Counts write(List<ClusterCrawl> crawls, IdentityResolver.Outcome identities,
                 Map<String, Map<String, Versions.Open<Versions.Instance>>> openInstances,
                 Map<String, Map<String, Versions.Open<Versions.Disk>>> openDisks) {
        CopyRows clusterRows = new CopyRows("inventory_cluster_crawls",
                "snapshot_id, cluster, kind, status, error, started_at, finished_at, calls, version, quorate");
        CopyRows nodes = new CopyRows("inventory_nodes", "snapshot_id, cluster, node, status, cpus, cpu_usage, memory_total, "
                + "memory_used, disk_total, disk_used, load, uptime, allocated_cpus, allocated_memory, allocated_disk, instance_count");
        CopyRows storages = new CopyRows("inventory_storages",
                "snapshot_id, cluster, node, storage, type, content, shared, active, total, used, available");
        CopyRows instances = new CopyRows("inventory_instances", "gantry_id, cluster, node, vmid, type, name, status, "
                + "template, cpus, memory, disk, macs, booted_at, valid_from");
        CopyRows disks = new CopyRows("inventory_disks", "cluster, node, storage, volid, format, size, vmid, created, valid_from");
        List<Long> closeInstances = new ArrayList<>();
        List<Long> closeDisks = new ArrayList<>();

        for (ClusterCrawl c : crawls) {
            String name = c.cluster().name();
            clusterRows.number(snapshot).text(name).text(c.cluster().kind().wire()).text(c.ok() ? "ok" : "failed")
                    .text(c.error()).time(c.startedAt()).time(c.finishedAt()).number(c.calls());
            if (c.reading().isEmpty()) {
                clusterRows.nothing().nothing().endRow();
                continue;
            }
            ClusterReading r = c.reading().get();
            clusterRows.text(r.cluster().version()).text(r.cluster().quorate().map(q -> q ? "t" : "f")).endRow();
            List<Versions.Instance> current = new ArrayList<>();
            for (IdentityResolver.Resolved resolved : identities.byCluster().getOrDefault(name, List.of())) {
                current.add(Versions.Instance.of(name, resolved.gantryId(), resolved.instance(), c.startedAt()));
            }
            nodes(nodes, name, r, current);
            for (ClusterReading.Storage s : r.storages()) {
                storages.number(snapshot).text(name).text(s.node()).text(s.storage()).text(s.type()).texts(s.content())
                        .bool(s.shared()).bool(s.active()).number(s.total()).number(s.used()).number(s.available()).endRow();
            }
            diffInstances(current, openInstances.getOrDefault(name, Map.of()), instances, closeInstances);
            diffDisks(r.disks().stream().map(d -> Versions.Disk.of(name, d)).toList(), openDisks.getOrDefault(name, Map.of()),
                    disks, closeDisks);
        }
        clusterRows.into(h);
        nodes.into(h);
        storages.into(h);
        close("inventory_instances", closeInstances);
        close("inventory_disks", closeDisks);
        instances.into(h);
        disks.into(h);
        InventoryStore.writeIdentities(h, identities.changed().values());
        return new Counts(instances.rows(), closeInstances.size(), disks.rows(), closeDisks.size());
    }

    /** Nodes with HyperProxmox's allocation sums over their guests, templates left out. */
    private void nodes(CopyRows rows, String cluster, ClusterReading r, Collection<Versions.Instance> current) {
        Map<String, double[]> sums = new HashMap<>(); // cpus, memory, disk, count
        for (Versions.Instance i : current) {
            if (!i.template()) {
                double[] s = sums.computeIfAbsent(i.node(), n -> new double[4]);
                s[0] += i.cpus();
                s[1] += i.memory();
                s[2] += i.disk();
                s[3]++;
            }
        }
        for (ClusterReading.Node n : r.nodes()) {
            double[] s = sums.getOrDefault(n.node(), new double[4]);
            rows.number(snapshot).text(cluster).text(n.node()).text(n.status()).number(n.cpus()).number(n.cpuUsage())
                    .number(n.memoryTotal()).number(n.memoryUsed()).number(n.diskTotal()).number(n.diskUsed())
                    .numbers(n.load()).number(n.uptimeSeconds()).number(s[0]).number((long) s[1]).number((long) s[2])
                    .number((long) s[3]).endRow();
        }
    }

    private void diffInstances(List<Versions.Instance> current, Map<String, Versions.Open<Versions.Instance>> open,
                               CopyRows rows, List<Long> close) {
        Set<String> seen = new HashSet<>();
        for (Versions.Instance i : current) {
            seen.add(i.key());
            Versions.Open<Versions.Instance> before = open.get(i.key());
            if (before != null && before.version().sameAs(i)) {
                continue;
            }
            if (before != null) {
                close.add(before.rowId());
            }
            rows.text(i.gantryId().toString()).text(i.cluster()).text(i.node()).integer(i.vmid()).text(i.type())
                    .text(i.name()).text(i.status()).bool(i.template()).number(i.cpus()).number(i.memory())
                    .number(i.disk()).texts(i.macs()).time(i.bootedAt()).number(snapshot).endRow();
        }
        open.forEach((key, o) -> {
            if (!seen.contains(key)) {
                close.add(o.rowId());
            }
        });
    }

    private void diffDisks(List<Versions.Disk> current, Map<String, Versions.Open<Versions.Disk>> open, CopyRows rows,
                           List<Long> close) {
        Set<String> seen = new HashSet<>();
        for (Versions.Disk d : current) {
            if (!seen.add(d.key())) {
                continue; // a volume listed twice (one storage under two names) is stored once
            }
            Versions.Open<Versions.Disk> before = open.get(d.key());
            if (before != null && before.version().equals(d)) {
                continue;
            }
            if (before != null) {
                close.add(before.rowId());
            }
            rows.text(d.cluster()).text(d.node()).text(d.storage()).text(d.volid()).text(d.format()).number(d.size())
                    .integer(d.vmid()).time(d.created()).number(snapshot).endRow();
        }
        open.forEach((key, o) -> {
            if (!seen.contains(key)) {
                close.add(o.rowId());
            }
        });
    }

    private void close(String table, List<Long> rowIds) {
        if (rowIds.isEmpty()) {
            return;
        }
        h.createUpdate("update " + table + " set valid_to = :s where row_id = any(:ids)")
                .bind("s", snapshot).bind("ids", rowIds.stream().mapToLong(Long::longValue).toArray()).execute();
    }
}
