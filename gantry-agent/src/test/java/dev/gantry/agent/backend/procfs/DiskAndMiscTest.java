package dev.gantry.agent.backend.procfs;

import static dev.gantry.agent.backend.procfs.ProcFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskAndMiscTest {
    @TempDir
    Path root;

    @Test
    void mountinfoWithOptionalFieldsAndEscapes() {
        List<Mount> m = Mount.parse(bytes("""
                22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
                30 22 0:25 / /mnt/my\\040disk ro,nosuid - tmpfs tmpfs ro
                bad line
                31 22 0:26 / /x rw no-dash-here
                """));
        assertThat(m).containsExactly(
                new Mount(22, 1, 8, 1, "/", "/", "rw,relatime", "ext4", "/dev/sda1", "rw,errors=remount-ro"),
                new Mount(30, 22, 0, 25, "/", "/mnt/my disk", "ro,nosuid", "tmpfs", "tmpfs", "ro"));
        assertThat(m.get(1).readOnly()).isTrue();
        assertThat(m.get(0).readOnly()).isFalse();
    }

    @Test
    void partitionsInBytes() {
        assertThat(Partition.parse(bytes("major minor  #blocks  name\n\n   8        0   41943040 sda\n   8 1 1024 sda1\nx\n")))
                .containsExactly(new Partition(8, 0, 41943040L * 1024, "sda"), new Partition(8, 1, 1024 * 1024, "sda1"));
    }

    @Test
    void statvfsOfTheRootFileSystem() {
        StatVfs s = StatVfs.of("/").orElseThrow();
        assertThat(s.sizeBytes()).isPositive();
        assertThat(s.usedBytes() + s.freeBytes()).isEqualTo(s.sizeBytes());
        assertThat(s.availableBytes()).isLessThanOrEqualTo(s.freeBytes());
        assertThat(StatVfs.of("/no/such/path/here")).isEmpty();
    }

    @Test
    void modulesWithDependentsAndStates() {
        assertThat(KernelModule.parse(bytes("""
                nf_tables 245760 1 nft_chain_nat, Live 0x0000000000000000
                x_tables 53248 0 - Live 0x0000000000000000 (E)
                broken
                """))).containsExactly(
                new KernelModule("nf_tables", 245760, 1, List.of("nft_chain_nat"), "Live"),
                new KernelModule("x_tables", 53248, 0, List.of(), "Live"));
    }

    @Test
    void cpuinfoBlocksPerProcessor() {
        CpuInfo info = CpuInfo.parse(bytes("""
                processor\t: 0
                vendor_id\t: GenuineIntel
                model name\t: Intel(R) Xeon(R) CPU
                cpu MHz\t\t: 2200.000
                physical id\t: 0
                core id\t\t: 0
                flags\t\t: fpu vme  sse2

                processor\t: 1
                model name\t: Intel(R) Xeon(R) CPU
                cpu MHz\t\t: oops
                no colon line

                Hardware\t: trailing
                """));
        assertThat(info.processors()).hasSize(2);
        CpuInfo.Processor p0 = info.processors().get(0);
        assertThat(p0.processor()).isZero();
        assertThat(p0.modelName()).isEqualTo("Intel(R) Xeon(R) CPU");
        assertThat(p0.vendor()).isEqualTo("GenuineIntel");
        assertThat(p0.flags()).containsExactly("fpu", "vme", "sse2");
        assertThat(p0.mhz()).isEqualTo(2200.0);
        assertThat(info.processors().get(1).mhz()).isNaN();
        assertThat(info.processors().get(1).flags()).isEmpty();
        assertThat(info.processors().get(1).physicalId()).isEqualTo(-1);
    }

    @Test
    void hwmonSensorsInUnitsWithLabelsAndLimits() throws Exception {
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/name", "coretemp\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/temp1_input", "45000\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/temp1_label", "Package id 0\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/temp1_max", "80000\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/temp1_crit", "100000\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/fan2_input", "1200\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/temp3_input", "not a number\n");
        ProcFixtures.write(root, "sys/class/hwmon/hwmon0/weird_input", "1\n");
        List<HwmonSensor> s = HwmonSensor.read(root);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).kind()).isEqualTo("fan");
        assertThat(s.get(0).value()).isEqualTo(1200);
        HwmonSensor t = s.get(1);
        assertThat(t.chip()).isEqualTo("coretemp");
        assertThat(t.label()).isEqualTo("Package id 0");
        assertThat(t.value()).isEqualTo(45.0);
        assertThat(t.max()).hasValue(80.0);
        assertThat(t.critical()).hasValue(100.0);
        assertThat(HwmonSensor.read(root.resolve("nothing"))).isEmpty();
    }
}
