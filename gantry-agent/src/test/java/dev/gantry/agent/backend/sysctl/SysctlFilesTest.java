package dev.gantry.agent.backend.sysctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.http.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlFilesTest {
    @TempDir
    Path root;

    private SysctlFiles files() throws Exception {
        Files.createDirectories(root.resolve("etc/sysctl.d"));
        return new SysctlFiles(root);
    }

    @Test
    void persistingIntoANewFileWritesTheMarkerAndTheSettingWorldReadable() throws Exception {
        SysctlFiles files = files();
        Path file = files.persistFile(SysctlFiles.DEFAULT_FILE, "file");

        files.persist(file, "net.ipv4.ip_forward", "1");

        assertThat(Files.readAllLines(file)).containsExactly(SysctlFiles.MARKER, "net.ipv4.ip_forward = 1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void persistingAnExistingKeyReplacesItsLineAndKeepsEveryOtherLine() throws Exception {
        SysctlFiles files = files();
        Path file = root.resolve("etc/sysctl.d/50-admin.conf");
        Files.write(file, List.of("# the admin's", "net.core.somaxconn=1024", "; old", "-net/ipv4/ip_forward = 0",
                "net.ipv4.ip_forward = 0", "kernel.panic = 10"));

        files.persist(file, "net.ipv4.ip_forward", "1");

        assertThat(Files.readAllLines(file)).containsExactly(SysctlFiles.MARKER, "# the admin's",
                "net.core.somaxconn=1024", "; old", "net.ipv4.ip_forward = 1", "kernel.panic = 10");
    }

    @Test
    void removeTakesTheKeyOnlyFromFilesCarryingTheMarker() throws Exception {
        SysctlFiles files = files();
        Path ours = files.persistFile("90-gantry.conf", "file");
        files.persist(ours, "net.ipv4.ip_forward", "1");
        files.persist(ours, "net.core.somaxconn", "512");
        Path admins = root.resolve("etc/sysctl.d/10-admin.conf");
        Files.write(admins, List.of("net.ipv4.ip_forward = 1"));

        List<Path> changed = files.remove("net.ipv4.ip_forward", Optional.empty());

        assertThat(changed).containsExactly(ours);
        assertThat(Files.readAllLines(ours)).containsExactly(SysctlFiles.MARKER, "net.core.somaxconn = 512");
        assertThat(Files.readAllLines(admins)).containsExactly("net.ipv4.ip_forward = 1");
        assertThat(files.remove("net.ipv4.ip_forward", Optional.empty())).isEmpty();
    }

    @Test
    void aSymbolicLinkIsNotReplacedByAPersistedSetting() throws Exception {
        SysctlFiles files = files();
        Files.writeString(root.resolve("etc/sysctl.conf"), "kernel.panic = 1\n");
        Path link = root.resolve("etc/sysctl.d/99-sysctl.conf");
        Files.createSymbolicLink(link, Path.of("../sysctl.conf"));

        assertThatThrownBy(() -> files.persist(link, "net.ipv4.ip_forward", "1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(root.resolve("etc/sysctl.conf"))).isEqualTo("kernel.panic = 1\n");
    }

    @Test
    void pathFormKeysAreReadInTheDottedForm() {
        assertThat(SysctlFiles.normalize("net/ipv4/conf/eth0.100/forwarding")).isEqualTo("net.ipv4.conf.eth0/100.forwarding");
        assertThat(SysctlFiles.normalize("net.ipv4.conf.eth0/100.forwarding")).isEqualTo("net.ipv4.conf.eth0/100.forwarding");
        assertThat(SysctlFiles.parseLine("  -net.ipv4.ip_forward =  1 ")).contains(
                new SysctlFiles.KeyValue("net.ipv4.ip_forward", "1", true));
        assertThat(SysctlFiles.parseLine("# net.ipv4.ip_forward = 1")).isEmpty();
        assertThat(SysctlFiles.parseLine("no equals sign")).isEmpty();
    }

    @Test
    void persistFileNamesAreBareConfNamesInEtcSysctlD() throws Exception {
        SysctlFiles files = files();
        assertThat(files.persistFile("60-net.conf", "file")).isEqualTo(root.resolve("etc/sysctl.d/60-net.conf"));
        for (String bad : new String[] {"../passwd.conf", "/etc/sysctl.d/x.conf", "x.txt", ".hidden.conf", "a/b.conf",
                "x..conf", "-rf.conf", "x\0.conf", ""}) {
            assertThatThrownBy(() -> files.persistFile(bad, "file")).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void loadFilesAreExistingConfFilesInTheSysctlDirectories() throws Exception {
        SysctlFiles files = files();
        Files.createDirectories(root.resolve("usr/lib/sysctl.d"));
        Files.writeString(root.resolve("usr/lib/sysctl.d/50-default.conf"), "kernel.panic = 1\n");
        Files.writeString(root.resolve("etc/sysctl.d/60-x.conf"), "kernel.panic = 2\n");
        Files.writeString(root.resolve("etc/sysctl.conf"), "kernel.panic = 3\n");
        Files.writeString(root.resolve("etc/passwd.conf"), "x = 1\n");

        assertThat(files.loadFile("60-x.conf", "f")).isEqualTo(root.resolve("etc/sysctl.d/60-x.conf"));
        assertThat(files.loadFile("/usr/lib/sysctl.d/50-default.conf", "f"))
                .isEqualTo(root.resolve("usr/lib/sysctl.d/50-default.conf"));
        assertThat(files.loadFile("/etc/sysctl.conf", "f")).isEqualTo(root.resolve("etc/sysctl.conf"));
        for (String bad : new String[] {"/etc/passwd.conf", "/etc/sysctl.d/../passwd.conf", "etc/sysctl.d/60-x.conf",
                "/etc/sysctl.d/missing.conf", "/etc/sysctl.d/sub/x.conf", "61-none.conf", "/etc/shadow"}) {
            assertThatThrownBy(() -> files.loadFile(bad, "f")).as(bad)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    void bootOrderSortsByNameAcrossDirectoriesEtcMasksAndSysctlConfComesLast() throws Exception {
        SysctlFiles files = files();
        Files.createDirectories(root.resolve("usr/lib/sysctl.d"));
        Files.writeString(root.resolve("usr/lib/sysctl.d/50-default.conf"), "net.core.somaxconn = 100\n");
        Files.writeString(root.resolve("usr/lib/sysctl.d/70-masked.conf"), "net.core.somaxconn = 200\n");
        Files.writeString(root.resolve("etc/sysctl.d/70-masked.conf"), "net.core.somaxconn = 300\n");
        Files.writeString(root.resolve("etc/sysctl.conf"), "net.core.somaxconn = 400\n");
        Files.createSymbolicLink(root.resolve("etc/sysctl.d/99-sysctl.conf"), Path.of("../sysctl.conf"));

        assertThat(files.bootOrder()).containsExactly(root.resolve("usr/lib/sysctl.d/50-default.conf"),
                root.resolve("etc/sysctl.d/70-masked.conf"), root.resolve("etc/sysctl.d/99-sysctl.conf"));
        assertThat(files.entriesFor("net.core.somaxconn")).extracting(SysctlFiles.Entry::value)
                .containsExactly("100", "300", "400");
    }
}
