package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RtNamesTest {
    @TempDir
    Path dir;

    @Test
    void tablesComeFromBuiltInsRtTablesAndRtTablesD() throws Exception {
        Files.writeString(dir.resolve("rt_tables"), """
                #
                # reserved values
                255\tlocal
                254\tmain
                253\tdefault
                0\tunspec
                100 isp1   # the first uplink
                0x65 isp2
                not-a-number x
                300
                """);
        Files.createDirectories(dir.resolve("rt_tables.d"));
        Files.writeString(dir.resolve("rt_tables.d/vpn.conf"), "4000 vpn\n");
        Files.writeString(dir.resolve("rt_tables.d/ignored.txt"), "4001 nope\n");

        RtNames names = new RtNames(dir);

        assertThat(names.table(254)).isEqualTo("main");
        assertThat(names.table(100)).isEqualTo("isp1");
        assertThat(names.table(101)).isEqualTo("isp2");
        assertThat(names.table(4000)).isEqualTo("vpn");
        assertThat(names.table(4001)).isEqualTo("4001");
        assertThat(names.tableId("isp2")).contains(101L);
        assertThat(names.tableId("vpn")).contains(4000L);
        assertThat(names.tableId("4001")).contains(4001L);
        assertThat(names.tableId("0x10")).contains(16L);
        assertThat(names.tableId("nope")).isEmpty();
        assertThat(names.tableId("4294967296")).isEmpty();
        assertThat(names.tableId("-1")).isEmpty();
    }

    @Test
    void aMissingDirectoryLeavesTheBuiltIns() {
        RtNames names = new RtNames(dir.resolve("absent"));
        assertThat(names.table(255)).isEqualTo("local");
        assertThat(names.tableId("default")).contains(253L);
    }

    @Test
    void namesAreRereadWhenTheFilesChange() throws Exception {
        Path file = dir.resolve("rt_tables");
        Files.writeString(file, "200 old\n");
        RtNames names = new RtNames(dir);
        assertThat(names.table(200)).isEqualTo("old");

        Files.writeString(file, "200 new\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        names.reloadIfChanged();

        assertThat(names.table(200)).isEqualTo("new");
        // An unknown name rereads at once, even without a changed mtime.
        Files.createDirectories(dir.resolve("rt_tables.d"));
        Files.writeString(dir.resolve("rt_tables.d/x.conf"), "201 fresh\n");
        assertThat(names.tableId("fresh")).contains(201L);
    }

    @Test
    void flagWordsFollowIproute2() {
        assertThat(RtNames.linkFlags(0x1 | 0x2 | 0x1000)).containsExactly("NO-CARRIER", "BROADCAST", "MULTICAST", "UP");
        assertThat(RtNames.linkFlags(0x1 | 0x40 | 0x8 | 0x10000)).containsExactly("LOOPBACK", "UP", "LOWER_UP");
        assertThat(RtNames.operState(6)).isEqualTo("UP");
        assertThat(RtNames.operState(42)).isEqualTo("42");
        assertThat(RtNames.neighbourStates(0)).containsExactly("NONE");
        assertThat(RtNames.neighbourStates(0x80)).containsExactly("PERMANENT");
        assertThat(RtNames.routeType(2)).isEqualTo("local");
        assertThat(RtNames.protocol(4)).isEqualTo("static");
        assertThat(RtNames.protocol(250)).isEqualTo("250");
    }
}
