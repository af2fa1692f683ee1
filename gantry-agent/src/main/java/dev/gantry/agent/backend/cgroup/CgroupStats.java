package dev.gantry.agent.backend.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A unit's resource use, read from its cgroup at the moment of asking: on cgroup v2 (the unified
 * hierarchy) {@code memory.current}, {@code usage_usec} of {@code cpu.stat}, {@code pids.current}; on v1
 * {@code memory/…/memory.usage_in_bytes}, {@code cpuacct/…/cpuacct.usage}, {@code pids/…/pids.current}. systemd sends
 * no signal when these change, so nothing here is cached; each read is a small file under /sys, no
 * fork and no bus round trip. A value is absent when its controller is off for the unit or the unit
 * has no cgroup (it is not running).
 */
public final class CgroupStats {
    private final Path root;
    private final boolean unified;

    /** Reads under {@code root}; it is the unified hierarchy (v2) if {@code root/cgroup.controllers} exists. */
    public CgroupStats(Path root) {
        this.root = root;
        this.unified = Files.exists(root.resolve("cgroup.controllers"));
    }

    /** The host's unified hierarchy at /sys/fs/cgroup. */
    public static CgroupStats host() {
        return new CgroupStats(Path.of("/sys/fs/cgroup"));
    }

    /** What the cgroup used: bytes of memory, CPU time in nanoseconds, tasks. */
    public record Usage(OptionalLong memoryBytes, OptionalLong cpuNanos, OptionalLong tasks) {
        static final Usage NONE = new Usage(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    /** The usage of the cgroup at {@code controlGroup} (systemd's ControlGroup, e.g. /system.slice/x.service). */
    public Usage read(String controlGroup) {
        if (controlGroup == null || controlGroup.isEmpty() || !controlGroup.startsWith("/")
                || controlGroup.contains("..") || controlGroup.indexOf('\0') >= 0) {
            return Usage.NONE;
        }
        String relative = controlGroup.substring(1);
        if (unified) {
            // cpu.stat is in every v2 cgroup: without it the unit has no cgroup, and the other reads
            // (each a failed open) are skipped.
            Path dir = root.resolve(relative);
            OptionalLong cpu = read(dir.resolve("cpu.stat")).map(CgroupStats::usageUsec)
                    .filter(OptionalLong::isPresent).map(u -> OptionalLong.of(u.getAsLong() * 1000))
                    .orElse(null);
            if (cpu == null) {
                return Usage.NONE;
            }
            return new Usage(number(dir.resolve("memory.current")), cpu, number(dir.resolve("pids.current")));
        }
        // cgroup v1 (legacy or hybrid hierarchy): one tree per controller.
        OptionalLong cpu = number(root.resolve("cpuacct").resolve(relative).resolve("cpuacct.usage"));
        OptionalLong memory = number(root.resolve("memory").resolve(relative).resolve("memory.usage_in_bytes"));
        OptionalLong tasks = number(root.resolve("pids").resolve(relative).resolve("pids.current"));
        return new Usage(memory, cpu, tasks);
    }

    private static OptionalLong number(Path file) {
        return read(file).map(text -> {
            try {
                return OptionalLong.of(Long.parseLong(text.strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty(); // "max" and the like
            }
        }).orElse(OptionalLong.empty());
    }

    static OptionalLong usageUsec(String cpuStat) {
        for (String line : cpuStat.split("\n")) {
            if (line.startsWith("usage_usec ")) {
                try {
                    return OptionalLong.of(Long.parseLong(line.substring("usage_usec ".length()).strip()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
