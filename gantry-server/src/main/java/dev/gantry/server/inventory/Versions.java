package dev.gantry.server.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The stored shapes of instances and disks, compared to decide whether a crawl writes a new version. */
final class Versions {
    /**
     * Two readings of one boot differ by the seconds between reads (uptime counts from each read), so
     * boot times within this margin are the same boot.
     */
    static final Duration BOOT_MARGIN = Duration.ofMinutes(2);

    private Versions() {
    }

    /** An open row and what it holds. */
    record Open<V>(long rowId, V version) {
    }

    record Instance(UUID gantryId, String cluster, String node, Optional<Integer> vmid, String type, String name,
                    String status, boolean template, double cpus, long memory, long disk, List<String> macs,
                    Optional<Instant> bootedAt) {
        Instance {
            macs = List.copyOf(macs);
        }

        static Instance of(String cluster, UUID gantryId, ClusterReading.Instance i, Instant readAt) {
            Optional<Instant> booted = i.uptimeSeconds() > 0
                    ? Optional.of(readAt.minusSeconds(i.uptimeSeconds()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    : Optional.empty();
            return new Instance(gantryId, cluster, i.node(), i.vmid(), i.type(), i.name(), i.status(), i.template(),
                    i.cpus(), i.memory(), i.disk(), i.macs(), booted);
        }

        String key() {
            return vmid.map(String::valueOf).orElse(node + "/" + name);
        }

        /** Equal but for a boot time within {@link #BOOT_MARGIN}. */
        boolean sameAs(Instance o) {
            return gantryId.equals(o.gantryId) && cluster.equals(o.cluster) && node.equals(o.node) && vmid.equals(o.vmid)
                    && type.equals(o.type) && name.equals(o.name) && status.equals(o.status) && template == o.template
                    && cpus == o.cpus && memory == o.memory && disk == o.disk && macs.equals(o.macs) && sameBoot(o);
        }

        private boolean sameBoot(Instance o) {
            if (bootedAt.isEmpty() || o.bootedAt.isEmpty()) {
                return bootedAt.isEmpty() && o.bootedAt.isEmpty();
            }
            return Duration.between(bootedAt.get(), o.bootedAt.get()).abs().compareTo(BOOT_MARGIN) <= 0;
        }

        KnownInstances.Known known() {
            return new KnownInstances.Known(node, type, name, cpus, memory, disk, template, macs);
        }
    }

    record Disk(String cluster, String node, String storage, String volid, String format, long size,
                Optional<Integer> vmid, Optional<Instant> created) {
        static Disk of(String cluster, ClusterReading.Disk d) {
            return new Disk(cluster, d.node(), d.storage(), d.volid(), d.format(), d.size(), d.vmid(), d.created());
        }

        String key() {
            return node + "/" + storage + "/" + volid;
        }
    }
}
