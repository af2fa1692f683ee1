package dev.gantry.server.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One cluster as a source read it. Sizes are bytes, CPU counts are cores, usage is a fraction 0–1.
 *
 * @param calls HTTP calls the read made (reported per cluster in the snapshot and the benchmark)
 */
public record ClusterReading(Facts cluster, List<Node> nodes, List<Instance> instances, List<Storage> storages,
                             List<Disk> disks, int calls) {
    public ClusterReading {
        nodes = List.copyOf(nodes);
        instances = List.copyOf(instances);
        storages = List.copyOf(storages);
        disks = List.copyOf(disks);
    }

    /** @param version e.g. Proxmox {@code 8.2.4} or gantryd's version; quorate absent where not applicable */
    public record Facts(String version, Optional<Boolean> quorate) {
    }

    /**
     * @param status online, offline or unknown
     * @param load   1, 5 and 15 minute load averages (empty when offline)
     */
    public record Node(String node, String status, int cpus, double cpuUsage, long memoryTotal, long memoryUsed,
                       long diskTotal, long diskUsed, List<Double> load, long uptimeSeconds) {
        public Node {
            load = List.copyOf(load);
        }
    }

    /**
     * @param vmid         Proxmox VMID; absent for gantry machines (keyed by name)
     * @param type         qemu, lxc or machine
     * @param status       running, stopped, paused, unknown
     * @param stampedId    the gantryId the instance already carries (Proxmox: found in its description)
     * @param configDigest the config digest read with the stamp, for a lost-update-safe stamp
     * @param macs         upper-case colon-separated MACs of its NICs
     */
    public record Instance(String node, Optional<Integer> vmid, String type, String name, String status,
                           boolean template, double cpus, long memory, long disk, List<String> macs,
                           long uptimeSeconds, Optional<UUID> stampedId, Optional<String> configDigest) {
        public Instance {
            macs = List.copyOf(macs);
        }
    }

    public record Storage(String node, String storage, String type, List<String> content, boolean shared,
                          boolean active, long total, long used, long available) {
        public Storage {
            content = List.copyOf(content);
        }
    }

    /** A volume: {@code volid} like {@code local-lvm:vm-101-disk-0}; vmid absent for unowned volumes. */
    public record Disk(String node, String storage, String volid, String format, long size, Optional<Integer> vmid,
                       Optional<Instant> created) {
    }
}
