package dev.gantry.agent.proc;

import dev.gantry.agent.backend.procfs.Mount;
import dev.gantry.agent.backend.procfs.Partition;
import dev.gantry.agent.backend.procfs.StatVfs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Partitions and mounted file systems. Usage comes from statvfs(3) on each mount point, so it is
 * what the agent's mount namespace sees (the unit's PrivateTmp adds its own /tmp and /var/tmp).
 * Like df(1), file systems with no blocks (proc, sysfs, cgroup...) are left out unless {@code all}.
 */
final class DiskReads {
    private final Path root;

    DiskReads(Path root) {
        this.root = root;
    }

    ProcViews.Disks disks(boolean all) {
        List<Mount> mounts = Mount.read(root);
        Map<String, List<String>> byDevice = new HashMap<>();
        for (Mount m : mounts) {
            byDevice.computeIfAbsent(m.major() + ":" + m.minor(), k -> new ArrayList<>()).add(m.mountPoint());
        }
        List<ProcViews.Partition> partitions = new ArrayList<>();
        for (Partition p : Partition.read(root)) {
            partitions.add(new ProcViews.Partition(p.name(), p.major(), p.minor(), p.sizeBytes(),
                    byDevice.getOrDefault(p.major() + ":" + p.minor(), List.of())));
        }
        List<ProcViews.FileSystem> fileSystems = new ArrayList<>();
        for (Mount m : mounts) {
            Optional<StatVfs> usage = StatVfs.of(root.resolve(m.mountPoint().substring(1)).toString());
            if (!all && (usage.isEmpty() || usage.get().sizeBytes() == 0)) {
                continue;
            }
            fileSystems.add(usage.map(u -> new ProcViews.FileSystem(m.source(), m.mountPoint(), m.fsType(),
                    m.options(), m.readOnly(), u.sizeBytes(), u.usedBytes(), u.availableBytes(),
                    percent(u.usedBytes(), u.usedBytes() + u.availableBytes()), u.inodes(), u.inodesFree()))
                    .orElseGet(() -> new ProcViews.FileSystem(m.source(), m.mountPoint(), m.fsType(), m.options(),
                            m.readOnly(), null, null, null, null, null, null)));
        }
        return new ProcViews.Disks(partitions, fileSystems);
    }

    /** df's Use%: used over what a user could have (used + available), rounded up to 0.01. */
    static double percent(long used, long of) {
        return of <= 0 ? 0 : Math.ceil(used * 10000.0 / of) / 100.0;
    }
}
