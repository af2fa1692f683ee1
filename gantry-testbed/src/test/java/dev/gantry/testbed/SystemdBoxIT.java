package dev.gantry.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@WithSystemdBox
class SystemdBoxIT {

    @Test
    void bootsToARunningOrDegradedSystem(SystemdBox box, TestReporter report) {
        report.publishEntry("bootTime", box.bootTime().toMillis() + " ms");

        assertThat(box.exec("systemctl", "is-system-running").out()).isIn("running", "degraded");
        assertThat(box.bootTime()).isLessThan(SystemdBox.BOOT_TIMEOUT);
    }

    @Test
    void leaderIsInitInItsOwnPidNamespace(SystemdBox box) {
        assertThat(ProcFs.innermostPid(box.leaderPid())).contains(1L);
        assertThat(box.exec("cat", "/proc/1/comm").out()).isEqualTo("systemd");
    }

    @Test
    void execCapturesExitCodeAndBothStreams(SystemdBox box) {
        ExecResult result = box.exec("sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThatThrownBy(result::orThrow).isInstanceOf(BoxException.class).hasMessageContaining("exited with 3");
    }

    @Test
    void execGivesUpAfterItsTimeout(SystemdBox box) {
        assertThatThrownBy(() -> box.exec(Duration.ofMillis(500), "sleep", "30"))
                .isInstanceOf(BoxException.class).hasMessageContaining("did not finish within");
    }

    @Test
    void execAsRunsWithTheUsersIdentityAndGroups(SystemdBox box) {
        box.exec("useradd", "--system", "--user-group", "--groups", "adm", "probe").orThrow();

        assertThat(box.execAs("probe", "id", "-un").out()).isEqualTo("probe");
        assertThat(box.execAs("probe", "id", "-gn").out()).isEqualTo("probe");
        assertThat(box.execAs("probe", "id", "-Gn").out().split(" ")).contains("adm");
        assertThat(box.execAs("nobody", "sh", "-c", "echo $USER").out()).isEqualTo("nobody");
    }

    @Test
    void writtenFilesReadBackInsideAndThroughTheHostPath(SystemdBox box) throws Exception {
        String content = "line one\nline two ü\n";
        box.writeFile("/var/lib/testbed-probe/nested/file.txt", content);

        assertThat(box.readFile("/var/lib/testbed-probe/nested/file.txt")).isEqualTo(content);
        assertThat(Files.readString(box.hostPath("/var/lib/testbed-probe/nested/file.txt"))).isEqualTo(content);
    }

    @Test
    void filesWrittenInTheBoxDoNotReachTheHost(SystemdBox box) {
        String name = "gantry-testbed-probe-" + UUID.randomUUID();
        for (String dir : List.of("/etc", "/usr/local/bin", "/var/tmp", "/root")) {
            box.writeFile(dir + "/" + name, "x");

            assertThat(box.exec("test", "-f", dir + "/" + name).exitCode()).isZero();
            assertThat(Path.of(dir, name)).doesNotExist();
        }
    }

    @Test
    void hasItsOwnNetworkWithAVethLink(SystemdBox box) {
        assertThat(box.exec("ip", "-br", "link").stdout()).contains("host0").contains("lo");
    }

    @Test
    void readFileOfAMissingFileFailsWithCatsMessage(SystemdBox box) {
        assertThatThrownBy(() -> box.readFile("/nonexistent"))
                .isInstanceOf(BoxException.class).hasMessageContaining("No such file");
    }

    @Test
    void closeStopsTheNspawnProcessAndItsInit() {
        SystemdBox box = SystemdBox.boot("close-test");
        long nspawn = box.nspawnPid();
        long leader = box.leaderPid();
        String machine = box.machineName();

        box.close();

        assertThat(ProcessHandle.of(nspawn)).isEmpty();
        assertThat(ProcessHandle.of(leader)).isEmpty();
        assertThat(ProcessHandle.allProcesses().map(p -> String.join(" ", ProcFs.commandLine(p.pid()))))
                .noneMatch(cmd -> cmd.contains(machine));
        assertThat(Path.of("/sys/class/net/ve-" + machine)).doesNotExist();
        box.close(); // idempotent
    }

    @Test
    void leftoverBoxesOfADeadJvmAreStoppedButOtherProcessesAreNot(@org.junit.jupiter.api.io.TempDir Path records)
            throws Exception {
        SystemdBox orphan = SystemdBox.boot("leftover-test");
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            long bystanderStart = ProcFs.startMillis(bystander.pid()).orElseThrow();
            // A record of a JVM that no longer exists (start time 1), naming the box and a bystander
            // that is not systemd-nspawn even though the record claims a gt- machine name.
            Files.write(records.resolve(BoxRegistry.fileName(ProcessHandle.current().pid(), 1)), List.of(
                    new BoxRegistry.Entry(orphan.nspawnPid(), ProcFs.startMillis(orphan.nspawnPid()).orElseThrow(),
                            orphan.machineName(), records.resolve("gantry-box-" + orphan.machineName() + "-1"),
                            "leftover").line(),
                    new BoxRegistry.Entry(bystander.pid(), bystanderStart, "gt-00000000", records.resolve("elsewhere"),
                            "bystander").line()));
            Files.createDirectories(records.resolve("gantry-box-" + orphan.machineName() + "-1"));
            Files.createDirectories(records.resolve("elsewhere"));

            new BoxRegistry(records).stopLeftovers();

            assertThat(ProcessHandle.of(orphan.nspawnPid())).isEmpty();
            assertThat(bystander.isAlive()).isTrue();
            // Only the recorded box's own directory goes; a path not named like one is kept.
            try (var left = Files.list(records)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("elsewhere");
            }
        } finally {
            bystander.destroyForcibly();
            orphan.close();
        }
    }
}
