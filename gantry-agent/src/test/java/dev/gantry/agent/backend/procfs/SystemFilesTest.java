package dev.gantry.agent.backend.procfs;

import static dev.gantry.agent.backend.procfs.ProcFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system-wide readers against fixture files, malformed and unknown lines included. */
class SystemFilesTest {
    @TempDir
    Path root;

    static final String MEMINFO = """
            MemTotal:        4028440 kB
            MemFree:          211608 kB
            MemAvailable:    2871388 kB
            Buffers:          104496 kB
            Cached:          2418040 kB
            SwapCached:            0 kB
            Shmem:              1234 kB
            Slab:               5678 kB
            SwapTotal:       2097148 kB
            SwapFree:        2097000 kB
            this line is garbage
            Weird:              12 MB
            HugePages_Total:       4
            NoValue:
            """;

    @Test
    void meminfoIsInBytesAndSkipsWhatItCannotRead() throws Exception {
        ProcFixtures.write(root, "proc/meminfo", MEMINFO);
        MemInfo m = MemInfo.read(root);
        assertThat(m.total()).isEqualTo(4028440L * 1024);
        assertThat(m.free()).isEqualTo(211608L * 1024);
        assertThat(m.available()).isEqualTo(2871388L * 1024);
        assertThat(m.buffers()).isEqualTo(104496L * 1024);
        assertThat(m.cached()).isEqualTo(2418040L * 1024);
        assertThat(m.swapTotal()).isEqualTo(2097148L * 1024);
        assertThat(m.swapFree()).isEqualTo(2097000L * 1024);
        assertThat(m.shared()).isEqualTo(1234L * 1024);
        assertThat(m.used()).isEqualTo((4028440L - 2871388L) * 1024);
        assertThat(m.value("HugePages_Total")).hasValue(4);
        assertThat(m.fields()).doesNotContainKeys("Weird", "NoValue", "this line is garbage");
        assertThat(m.fields().keySet()).startsWith("MemTotal", "MemFree", "MemAvailable");
    }

    @Test
    void withoutMemAvailableAvailableIsEstimated() {
        MemInfo m = MemInfo.parse(bytes("MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 1 kB\nCached: 2 kB\n"));
        assertThat(m.available()).isEqualTo(13 * 1024);
        assertThat(m.value("MemAvailable")).isEmpty();
    }

    @Test
    void aMissingFileIsAnUncheckedIoError() {
        assertThatThrownBy(() -> MemInfo.read(root)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void loadavgAndUptime() throws Exception {
        ProcFixtures.write(root, "proc/loadavg", "0.52 0.58 1.59 2/467 12345\n");
        ProcFixtures.write(root, "proc/uptime", "350735.47 234388.90\n");
        assertThat(LoadAvg.read(root)).isEqualTo(new LoadAvg(0.52, 0.58, 1.59, 2, 467, 12345));
        assertThat(Uptime.read(root)).isEqualTo(new Uptime(350735.47, 234388.90));
    }

    @Test
    void malformedLoadavgGivesNaNAndMinusOne() {
        LoadAvg l = LoadAvg.parse(bytes("x 0.1\n"));
        assertThat(l.load1()).isNaN();
        assertThat(l.load5()).isEqualTo(0.1);
        assertThat(l.load15()).isNaN();
        assertThat(l.running()).isEqualTo(-1);
        assertThat(l.lastPid()).isEqualTo(-1);
    }

    static final String STAT = """
            cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
            cpu0 1393280 32966 572056 13343292 6130 0 17875 0 23933 0
            cpu1 1335 3 4 5
            cpuX garbage
            intr 1462898 33 0 0
            ctxt 2250112
            btime 1700000000
            processes 29042
            procs_running 3
            procs_blocked 1
            softirq 1 2 3
            unknown line here
            """;

    @Test
    void statGivesTotalAndPerCpuJiffiesAndCounters() throws Exception {
        ProcFixtures.write(root, "proc/stat", STAT);
        CpuTimes s = CpuTimes.read(root);
        assertThat(s.total()).isEqualTo(new CpuTimes.Cpu(-1, 10132153, 290696, 3084719, 46828483, 16683, 0, 25195, 0,
                175628, 0));
        assertThat(s.cpus()).hasSize(2);
        assertThat(s.cpus().get(0).cpu()).isZero();
        assertThat(s.cpus().get(0).idle()).isEqualTo(13343292);
        assertThat(s.cpus().get(1)).as("an old kernel's short line: the rest is 0")
                .isEqualTo(new CpuTimes.Cpu(1, 1335, 3, 4, 5, 0, 0, 0, 0, 0, 0));
        assertThat(s.interrupts()).isEqualTo(1462898);
        assertThat(s.contextSwitches()).isEqualTo(2250112);
        assertThat(s.bootTime()).isEqualTo(1700000000);
        assertThat(s.forks()).isEqualTo(29042);
        assertThat(s.running()).isEqualTo(3);
        assertThat(s.blocked()).isEqualTo(1);
        CpuTimes.Cpu c = s.total();
        assertThat(c.total()).isEqualTo(10132153L + 290696 + 3084719 + 46828483 + 16683 + 25195);
        assertThat(c.busy()).isEqualTo(c.total() - 46828483 - 16683);
    }

    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo: 2776770   11307    0    0    0     0          0         0  2776770   11307    0    0    0     0       0          0
              eth0:1215645   2751    1    2    3     4          5         6   1782404    4324    7    8    9    10      11         12
              bad: 1 2 3
            """;

    @Test
    void netDevCountersWithSpeedAndOperstateFromSysfs() throws Exception {
        ProcFixtures.write(root, "proc/net/dev", NET_DEV);
        ProcFixtures.write(root, "sys/class/net/eth0/speed", "1000\n");
        ProcFixtures.write(root, "sys/class/net/eth0/operstate", "up\n");
        ProcFixtures.write(root, "sys/class/net/lo/speed", "-1\n");
        ProcFixtures.write(root, "sys/class/net/lo/operstate", "unknown\n");
        List<NetDev> devs = NetDev.read(root);
        assertThat(devs).extracting(NetDev::name).containsExactly("lo", "eth0");
        NetDev eth0 = devs.get(1);
        assertThat(eth0).isEqualTo(new NetDev("eth0", 1215645, 2751, 1, 2, 3, 4, 5, 6, 1782404, 4324, 7, 8, 9, 10, 11,
                12, OptionalLong.of(1000), Optional.of("up")));
        assertThat(devs.get(0).speedMbps()).as("-1: no speed").isEmpty();
        assertThat(devs.get(0).operState()).hasValue("unknown");
    }

    @Test
    void netDevWithoutSysfsHasNoSpeedNorState() throws Exception {
        ProcFixtures.write(root, "proc/net/dev", NET_DEV);
        NetDev lo = NetDev.read(root).get(0);
        assertThat(lo.speedMbps()).isEmpty();
        assertThat(lo.operState()).isEmpty();
    }

    static final String DISKSTATS = """
               7       0 loop0 50 0 712 30 0 0 0 0 0 44 30 0 0 0 0 0 0
               8       0 sda 103254 28360 7351082 43523 192833 188426 9154304 212392 0 179132 290440 1 2 3 4 5 6
               8       1 sda1 1 2 3 4 5 6 7 8 9 10 11
               8       2 short 1 2 3
             junk
            """;

    @Test
    void diskstatsAcceptsTheThreeKernelLayoutsAndSkipsShortLines() throws Exception {
        ProcFixtures.write(root, "proc/diskstats", DISKSTATS);
        List<DiskStats> disks = DiskStats.read(root);
        assertThat(disks).extracting(DiskStats::name).containsExactly("loop0", "sda", "sda1");
        DiskStats sda = disks.get(1);
        assertThat(sda).isEqualTo(new DiskStats(8, 0, "sda", 103254, 28360, 7351082, 43523, 192833, 188426, 9154304,
                212392, 0, 179132, 290440, 1, 2, 3, 4, 5, 6));
        assertThat(sda.bytesRead()).isEqualTo(7351082L * 512);
        assertThat(disks.get(2).discardsCompleted()).isZero();
        assertThat(disks.get(2).weightedIoMillis()).isEqualTo(11);
    }

    @Test
    void vmstatKeepsNumericLinesInOrder() throws Exception {
        ProcFixtures.write(root, "proc/vmstat", "nr_free_pages 52902\npgfault 1234\nbroken\nodd x\nx 1 2\n");
        assertThat(VmStat.read(root).counters()).containsExactly(
                java.util.Map.entry("nr_free_pages", 52902L), java.util.Map.entry("pgfault", 1234L));
    }

    @Test
    void theRealHostFilesParse() {
        Path host = Path.of("/");
        assertThat(MemInfo.read(host).total()).isPositive();
        assertThat(CpuTimes.read(host).cpus()).isNotEmpty();
        assertThat(NetDev.read(host)).extracting(NetDev::name).contains("lo");
        assertThat(LoadAvg.read(host).total()).isPositive();
        assertThat(Uptime.read(host).seconds()).isPositive();
        assertThat(VmStat.read(host).counters()).containsKey("nr_free_pages");
        DiskStats.read(host);
    }
}
