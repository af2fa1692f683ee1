package dev.gantry.server.testing;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Inventory rows written straight into the V31 tables, for tests of what reads them (placement,
 * power) without running a crawl.
 */
public final class InventoryRows {
    private final Jdbi jdbi;

    public InventoryRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A finished snapshot with {@code status} (ok, partial, failed, running); returns its id. */
    public long snapshot(String status, Instant startedAt) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)
                        VALUES (:at, :at, :status, 'api', 'test') RETURNING id""")
                .bind("at", startedAt).bind("status", status).mapTo(Long.class).one());
    }

    /** A node row: sizes in bytes, {@code load} the one-minute load average. */
    public record Node(String cluster, String node, String status, int cpus, double cpuUsage, long memoryTotal,
                       long memoryUsed, long diskTotal, long diskUsed, double load, double allocatedCpus,
                       long allocatedMemory, long allocatedDisk) {
        /** An online node that is idle and holds nothing: {@code cpus} CPUs, {@code memory} and {@code disk} bytes. */
        public static Node empty(String cluster, String node, int cpus, long memory, long disk) {
            return new Node(cluster, node, "online", cpus, 0, memory, 0, disk, 0, 0, 0, 0, 0);
        }

        public Node withStatus(String s) {
            return new Node(cluster, node, s, cpus, cpuUsage, memoryTotal, memoryUsed, diskTotal, diskUsed, load,
                    allocatedCpus, allocatedMemory, allocatedDisk);
        }

        public Node withUse(double cpu, long memory, long disk, double load1) {
            return new Node(cluster, node, status, cpus, cpu, memoryTotal, memory, diskTotal, disk, load1,
                    allocatedCpus, allocatedMemory, allocatedDisk);
        }

        public Node withAllocated(double cpus, long memory, long disk) {
            return new Node(cluster, node, status, this.cpus, cpuUsage, memoryTotal, memoryUsed, diskTotal, diskUsed,
                    load, cpus, memory, disk);
        }
    }

    public void node(long snapshot, Node n) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO inventory_nodes (snapshot_id, cluster, node, status, cpus, cpu_usage, memory_total,
                            memory_used, disk_total, disk_used, load, uptime, allocated_cpus, allocated_memory,
                            allocated_disk, instance_count)
                        VALUES (:snapshot, :cluster, :node, :status, :cpus, :cpuUsage, :memoryTotal, :memoryUsed,
                            :diskTotal, :diskUsed, ARRAY[:load, :load, :load], 1000, :allocatedCpus, :allocatedMemory,
                            :allocatedDisk, 0)""")
                .bind("snapshot", snapshot).bindMethods(n).execute());
    }

    /** A storage of a node; {@code content} comma-separated, e.g. {@code images,rootdir}. */
    public void storage(long snapshot, String cluster, String node, String storage, String content, long total,
                        long used) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO inventory_storages (snapshot_id, cluster, node, storage, type, content, shared, active,
                            total, used, available)
                        VALUES (:snapshot, :cluster, :node, :storage, 'lvmthin', string_to_array(:content, ','), false, true,
                            :total, :used, :total - :used)""")
                .bind("snapshot", snapshot).bind("cluster", cluster).bind("node", node).bind("storage", storage)
                .bind("content", content).bind("total", total).bind("used", used).execute());
    }

    /** An instance version valid from {@code from} (open-ended); returns its gantryId. */
    public UUID instance(long from, UUID gantryId, String cluster, String node, int vmid, String type, String name,
                         String status) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO inventory_instances (gantry_id, cluster, node, vmid, type, name, status, template, cpus,
                            memory, disk, valid_from)
                        VALUES (:id, :cluster, :node, :vmid, :type, :name, :status, false, 1, 536870912, 0, :from)""")
                .bind("id", gantryId).bind("cluster", cluster).bind("node", node).bind("vmid", vmid).bind("type", type)
                .bind("name", name).bind("status", status).bind("from", from).execute());
        return gantryId;
    }
}
