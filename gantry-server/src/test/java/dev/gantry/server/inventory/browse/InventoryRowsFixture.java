package dev.gantry.server.inventory.browse;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Writes inventory rows straight into the V31 tables, as the crawler would leave them. */
final class InventoryRowsFixture {
    private final Jdbi jdbi;

    InventoryRowsFixture(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long snapshot(String status, Instant startedAt) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)"
                        + " VALUES (:s, :f, :status, 'schedule', 'test') RETURNING id")
                .bind("s", Timestamp.from(startedAt))
                .bind("f", status.equals("running") ? null : Timestamp.from(startedAt.plusSeconds(20)))
                .bind("status", status).mapTo(Long.class).one());
    }

    void crawl(long snapshot, String cluster, String error) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO inventory_cluster_crawls (snapshot_id, cluster, kind, status, error,"
                        + " started_at, finished_at, calls, version, quorate) VALUES (:snap, :c, 'proxmox', :status, :error,"
                        + " now(), now(), 7, '8.2.4', true)")
                .bind("snap", snapshot).bind("c", cluster).bind("status", error == null ? "ok" : "failed")
                .bind("error", error).execute());
    }

    void node(long snapshot, String cluster, String node, int cpus) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO inventory_nodes (snapshot_id, cluster, node, status, cpus, cpu_usage,"
                        + " memory_total, memory_used, disk_total, disk_used, load, uptime, allocated_cpus, allocated_memory,"
                        + " allocated_disk, instance_count) VALUES (:snap, :c, :n, 'online', :cpus, 0.25, 68719476736,"
                        + " 17179869184, 1099511627776, 109951162777, '{0.5,0.4,0.3}', 86400, 6, 8589934592, 107374182400, 3)")
                .bind("snap", snapshot).bind("c", cluster).bind("n", node).bind("cpus", cpus).execute());
    }

    void storage(long snapshot, String cluster, String node, String storage) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO inventory_storages (snapshot_id, cluster, node, storage, type, content,"
                        + " shared, active, total, used, available) VALUES (:snap, :c, :n, :s, 'lvmthin', '{images,rootdir}',"
                        + " false, true, 1000, 400, 600)")
                .bind("snap", snapshot).bind("c", cluster).bind("n", node).bind("s", storage).execute());
    }

    /** One version of an instance, valid from snapshot {@code from} up to {@code to} (null: open). */
    void instance(UUID gantryId, String cluster, String node, Integer vmid, String name, String status, long memory,
                  Instant bootedAt, long from, Long to) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO inventory_instances (gantry_id, cluster, node, vmid, type, name, status,"
                        + " template, cpus, memory, disk, macs, booted_at, valid_from, valid_to) VALUES (:g, :c, :n, :vmid, 'qemu',"
                        + " :name, :status, false, 2, :memory, 34359738368, :macs, :booted, :from, :to)")
                .bind("g", gantryId).bind("c", cluster).bind("n", node).bind("vmid", vmid).bind("name", name)
                .bind("status", status).bind("memory", memory)
                .bindArray("macs", String.class, List.of("BC:24:11:00:00:" + String.format("%02X", vmid == null ? 0 : vmid % 256)))
                .bind("booted", bootedAt == null ? null : Timestamp.from(bootedAt)).bind("from", from).bind("to", to)
                .execute());
    }

    void disk(String cluster, String node, String storage, String volid, Integer vmid, long from, Long to) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO inventory_disks (cluster, node, storage, volid, format, size, vmid,"
                        + " created, valid_from, valid_to) VALUES (:c, :n, :s, :v, 'raw', 10737418240, :vmid, NULL, :from, :to)")
                .bind("c", cluster).bind("n", node).bind("s", storage).bind("v", volid).bind("vmid", vmid)
                .bind("from", from).bind("to", to).execute());
    }
}
