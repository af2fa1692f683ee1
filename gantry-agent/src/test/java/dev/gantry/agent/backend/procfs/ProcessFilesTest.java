package dev.gantry.agent.backend.procfs;

import static dev.gantry.agent.backend.procfs.ProcFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessFilesTest {
    @TempDir
    Path root;

    @Test
    void statTakesTheCommandUpToTheLastParenthesis() {
        String line = "4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 1500 0 3 0 250 50 0 0 20 -5 4 0 12345 "
                + "10485760 768 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        ProcessStat s = ProcessStat.parse(bytes(line)).orElseThrow();
        assertThat(s).isEqualTo(new ProcessStat(4242, "my (odd) proc", "S", 1, 4242, 4242, 0, 1500, 3, 250, 50, 0, 0,
                20, -5, 4, 12345, 10485760, 768, 1));
        assertThat(s.cpuSeconds()).isEqualTo(3.0);
        assertThat(s.rssBytes()).isEqualTo(768L * Kernel.pageSize());
    }

    @Test
    void aTruncatedOrGarbledStatIsEmpty() {
        assertThat(ProcessStat.parse(bytes("12 (x) S 1 2 3\n"))).isEmpty();
        assertThat(ProcessStat.parse(bytes("no parens here\n"))).isEmpty();
        assertThat(ProcessStat.parse(bytes(""))).isEmpty();
    }

    @Test
    void statusFieldsUidsAndSizes() {
        ProcessStatus st = ProcessStatus.parse(bytes("""
                Name:\tsshd
                State:\tS (sleeping)
                Uid:\t1000\t1001\t1002\t1003
                VmRSS:\t    5120 kB
                Threads:\t3
                broken line
                """));
        assertThat(st.name()).isEqualTo("sshd");
        assertThat(st.uids()).containsExactly(1000, 1001, 1002, 1003);
        assertThat(st.gids()).containsExactly(-1, -1, -1, -1);
        assertThat(st.number("VmRSS")).hasValue(5120 * 1024);
        assertThat(st.number("Threads")).hasValue(3);
        assertThat(st.number("State")).isEmpty();
        assertThat(st.fields().get("State")).isEqualTo("S (sleeping)");
    }

    @Test
    void cmdlineIoCgroupsFromFixtureFiles() throws Exception {
        ProcFixtures.write(root, "proc/77/cmdline", "/usr/bin/sleep\u0000100\u0000");
        ProcFixtures.write(root, "proc/77/io", "rchar: 1\nwchar: 2\nread_bytes: 4096\nnonsense\n");
        ProcFixtures.write(root, "proc/77/cgroup", "0::/system.slice/x.service\n4:cpu,cpuacct:/a\nbad\n");
        assertThat(ProcessFiles.cmdline(root, 77)).hasValue(List.of("/usr/bin/sleep", "100"));
        assertThat(ProcessFiles.io(root, 77).orElseThrow()).containsEntry("rchar", 1L).containsEntry("read_bytes", 4096L)
                .hasSize(3);
        assertThat(ProcessFiles.cgroups(root, 77).orElseThrow()).containsExactly(
                new ProcessFiles.Cgroup(0, List.of(), "/system.slice/x.service"),
                new ProcessFiles.Cgroup(4, List.of("cpu", "cpuacct"), "/a"));
        assertThat(ProcessFiles.openFiles(root, 77)).as("no fd directory: unreadable").isEmpty();
        assertThat(ProcessFiles.io(root, 78)).isEmpty();
    }

    @Test
    void openFilesAndSocketOwnersFollowFdLinks() throws Exception {
        Path fd = Files.createDirectories(root.resolve("proc/90/fd"));
        Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[5555]"));
        Files.createSymbolicLink(fd.resolve("10"), Path.of("pipe:[7]"));
        Path fd2 = Files.createDirectories(root.resolve("proc/95/fd"));
        Files.createSymbolicLink(fd2.resolve("4"), Path.of("socket:[5555]"));
        Files.createSymbolicLink(fd2.resolve("5"), Path.of("socket:[6666]"));
        Files.createDirectories(root.resolve("proc/self"));
        assertThat(ProcessFiles.openFiles(root, 90).orElseThrow()).containsExactly(
                new ProcessFiles.OpenFile(0, "/dev/null"), new ProcessFiles.OpenFile(3, "socket:[5555]"),
                new ProcessFiles.OpenFile(10, "pipe:[7]"));
        assertThat(SocketOwners.read(root)).containsEntry(5555L, 90).containsEntry(6666L, 95).hasSize(2);
        assertThat(Pids.list(root.resolve("proc"))).containsExactly(90, 95);
    }

    @Test
    void threadsOfTheRunningJvm() {
        int self = (int) ProcessHandle.current().pid();
        List<ProcessStat> threads = ProcessFiles.threads(Path.of("/"), self).orElseThrow();
        assertThat(threads.size()).isGreaterThan(1);
        assertThat(threads).extracting(ProcessStat::pid).contains(self);
        assertThat(ProcessFiles.uid(Path.of("/"), self)).isPresent();
    }

    @Test
    void theNativeOwnerUidIsWhatJavaReads() throws Exception {
        Path file = Files.writeString(root.resolve("owned"), "x");
        int uid = (Integer) Files.getAttribute(file, "unix:uid");
        assertThat(NativeFiles.ownerUid(file.toString())).isEqualTo(uid);
        if (uid == 0) { // running as root: give the file another owner and see it
            Files.setAttribute(file, "unix:uid", 12345);
            assertThat(NativeFiles.ownerUid(file.toString())).isEqualTo(12345);
        }
        assertThat(NativeFiles.ownerUid(root.resolve("missing").toString())).isEqualTo(-1);
    }
}
