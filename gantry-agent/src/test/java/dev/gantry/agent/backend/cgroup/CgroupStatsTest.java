package dev.gantry.agent.backend.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {
    @TempDir
    Path root;

    @Test
    void readsMemoryCpuAndTasksOfTheUnitsCgroupOnV2() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Path dir = Files.createDirectories(root.resolve("system.slice/x.service"));
        Files.writeString(dir.resolve("memory.current"), "5347737\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1234\nuser_usec 1000\nsystem_usec 234\n");
        Files.writeString(dir.resolve("pids.current"), "3\n");

        CgroupStats.Usage usage = new CgroupStats(root).read("/system.slice/x.service");

        assertThat(usage.memoryBytes()).isEqualTo(OptionalLong.of(5347737));
        assertThat(usage.cpuNanos()).isEqualTo(OptionalLong.of(1_234_000));
        assertThat(usage.tasks()).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void onCgroupV1EachControllerHasItsOwnTree() throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("memory/system.slice/x.service"))
                .resolve("memory.usage_in_bytes"), "4096\n");
        Files.writeString(Files.createDirectories(root.resolve("cpuacct/system.slice/x.service"))
                .resolve("cpuacct.usage"), "123456789\n");
        Files.writeString(Files.createDirectories(root.resolve("pids/system.slice/x.service"))
                .resolve("pids.current"), "2\n");

        CgroupStats.Usage usage = new CgroupStats(root).read("/system.slice/x.service");

        assertThat(usage).isEqualTo(new CgroupStats.Usage(OptionalLong.of(4096), OptionalLong.of(123_456_789),
                OptionalLong.of(2)));
    }

    @Test
    void missingFilesNoCgroupAndTraversalGiveNothing() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.createDirectories(root.resolve("system.slice/y.service"));
        Files.writeString(root.resolve("pids.current"), "99\n");
        CgroupStats stats = new CgroupStats(root);

        assertThat(stats.read("/system.slice/y.service").tasks()).isEmpty();
        assertThat(stats.read("").tasks()).isEmpty();
        assertThat(stats.read("/system.slice/../").tasks()).isEmpty();
    }
}
