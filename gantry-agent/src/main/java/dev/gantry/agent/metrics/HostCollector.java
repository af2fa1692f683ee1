package dev.gantry.agent.metrics;

import dev.gantry.agent.backend.procfs.CpuTimes;
import dev.gantry.agent.backend.procfs.DiskStats;
import dev.gantry.agent.backend.procfs.LoadAvg;
import dev.gantry.agent.backend.procfs.MemInfo;
import dev.gantry.agent.backend.procfs.Mount;
import dev.gantry.agent.backend.procfs.NetDev;
import dev.gantry.agent.backend.procfs.StatVfs;
import dev.gantry.agent.backend.procfs.VmStat;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's figures under node_exporter's names, read from /proc (through the procfs backend) once
 * per scrape: each file is read once and every metric of it comes from that one read. A collector
 * whose file cannot be read is left out of that scrape and reported by
 * {@code node_scrape_collector_success{collector}} = 0, as node_exporter does; the others still answer.
 */
final class HostCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(HostCollector.class);
    private static final double USER_HZ = CpuTimes.USER_HZ;

    /** node_exporter's default mount points to leave out. */
    static final Pattern IGNORED_MOUNT_POINTS = Pattern.compile(
            "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)");
    /**
     * node_exporter's default file system types to leave out, plus network file systems: statvfs on a
     * hung NFS or CIFS server blocks, and a blocked native call would pin one of the agent's few carrier
     * threads for as long as the server is gone.
     */
    static final Pattern IGNORED_FS_TYPES = Pattern.compile("^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs"
            + "|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs"
            + "|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs"
            + "|nfs|nfs4|cifs|smb3|smbfs|ceph|glusterfs|9p|afs|fuse\\..*)$");

    private final Path root;
    private final Function<String, Optional<StatVfs>> statvfs;
    private final Clock clock;

    /**
     * @param root    where {@code proc/} and {@code sys/} are ({@code /} on a host, a fixture directory in tests)
     * @param statvfs the file system figures of a mount point
     */
    HostCollector(Path root, Function<String, Optional<StatVfs>> statvfs, Clock clock) {
        this.root = root;
        this.statvfs = statvfs;
        this.clock = clock;
    }

    static HostCollector host(Clock clock) {
        return new HostCollector(Path.of("/"), StatVfs::of, clock);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>(64);
        Families scrape = new Families();
        run("meminfo", out, scrape, this::memory);
        run("stat", out, scrape, this::stat);
        run("loadavg", out, scrape, this::load);
        run("netdev", out, scrape, this::network);
        run("diskstats", out, scrape, this::disks);
        run("filesystem", out, scrape, this::filesystems);
        run("vmstat", out, scrape, this::vmstat);
        run("time", out, scrape, f -> f.gauge("node_time_seconds", "System time in seconds since epoch (1970).",
                clock.millis() / 1000.0));
        scrape.addTo(out);
        return new MetricSnapshots(out);
    }

    /** Runs one collector into its own families, so that a failure halfway leaves none of its metrics. */
    private static void run(String name, List<MetricSnapshot> out, Families scrape, Consumer<Families> collector) {
        long started = System.nanoTime();
        boolean ok;
        Families own = new Families();
        try {
            collector.accept(own);
            out.addAll(own.snapshots());
            ok = true;
        } catch (RuntimeException e) {
            LOG.warn("metrics collector {} failed: {}", name, e.toString());
            ok = false;
        }
        scrape.gauge("node_scrape_collector_duration_seconds", "Duration of a collector scrape.",
                (System.nanoTime() - started) / 1e9, "collector", name);
        scrape.gauge("node_scrape_collector_success", "Whether a collector succeeded.", ok ? 1 : 0,
                "collector", name);
    }

    private void memory(Families f) {
        MemInfo mem = MemInfo.read(root);
        mem.fields().forEach((field, value) -> {
            // node_exporter: "Active(anon)" -> node_memory_Active_anon_bytes; counts (HugePages_*) have no unit.
            String name = field.replace("(", "_").replace(")", "").replaceAll("[^A-Za-z0-9_]", "_");
            boolean count = field.startsWith("HugePages_");
            f.gauge("node_memory_" + name + (count ? "" : "_bytes"),
                    "Memory information field " + name + (count ? "." : "_bytes."), value);
        });
    }

    private void stat(Families f) {
        CpuTimes stat = CpuTimes.read(root);
        for (CpuTimes.Cpu c : stat.cpus()) {
            String cpu = Integer.toString(c.cpu());
            String help = "Seconds the CPUs spent in each mode.";
            // /proc/stat's user and nice include guest time; node_exporter reports them as they are.
            f.counter("node_cpu_seconds", help, c.idle() / USER_HZ, "cpu", cpu, "mode", "idle");
            f.counter("node_cpu_seconds", help, c.iowait() / USER_HZ, "cpu", cpu, "mode", "iowait");
            f.counter("node_cpu_seconds", help, c.irq() / USER_HZ, "cpu", cpu, "mode", "irq");
            f.counter("node_cpu_seconds", help, c.nice() / USER_HZ, "cpu", cpu, "mode", "nice");
            f.counter("node_cpu_seconds", help, c.softirq() / USER_HZ, "cpu", cpu, "mode", "softirq");
            f.counter("node_cpu_seconds", help, c.steal() / USER_HZ, "cpu", cpu, "mode", "steal");
            f.counter("node_cpu_seconds", help, c.system() / USER_HZ, "cpu", cpu, "mode", "system");
            f.counter("node_cpu_seconds", help, c.user() / USER_HZ, "cpu", cpu, "mode", "user");
            String guest = "Seconds the CPUs spent in guests (VMs) for each mode.";
            f.counter("node_cpu_guest_seconds", guest, c.guest() / USER_HZ, "cpu", cpu, "mode", "user");
            f.counter("node_cpu_guest_seconds", guest, c.guestNice() / USER_HZ, "cpu", cpu, "mode", "nice");
        }
        f.gauge("node_boot_time_seconds", "Node boot time, in unixtime.", stat.bootTime());
        f.counter("node_context_switches", "Total number of context switches.", stat.contextSwitches());
        f.counter("node_forks", "Total number of forks.", stat.forks());
        f.counter("node_intr", "Total number of interrupts serviced.", stat.interrupts());
        f.gauge("node_procs_running", "Number of processes in runnable state.", stat.running());
        f.gauge("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", stat.blocked());
    }

    private void load(Families f) {
        LoadAvg load = LoadAvg.read(root);
        f.gauge("node_load1", "1m load average.", load.load1());
        f.gauge("node_load5", "5m load average.", load.load5());
        f.gauge("node_load15", "15m load average.", load.load15());
    }

    private void network(Families f) {
        for (NetDev d : NetDev.read(root)) {
            String n = d.name();
            rx(f, "bytes", d.rxBytes(), n);
            rx(f, "packets", d.rxPackets(), n);
            rx(f, "errs", d.rxErrors(), n);
            rx(f, "drop", d.rxDropped(), n);
            rx(f, "fifo", d.rxFifo(), n);
            rx(f, "frame", d.rxFrame(), n);
            rx(f, "compressed", d.rxCompressed(), n);
            rx(f, "multicast", d.rxMulticast(), n);
            tx(f, "bytes", d.txBytes(), n);
            tx(f, "packets", d.txPackets(), n);
            tx(f, "errs", d.txErrors(), n);
            tx(f, "drop", d.txDropped(), n);
            tx(f, "fifo", d.txFifo(), n);
            tx(f, "colls", d.txCollisions(), n);
            tx(f, "carrier", d.txCarrier(), n);
            tx(f, "compressed", d.txCompressed(), n);
            d.operState().ifPresent(state -> f.gauge("node_network_up",
                    "Value is 1 if operstate is 'up', 0 otherwise.", state.equals("up") ? 1 : 0, "device", n));
            d.speedMbps().ifPresent(mbps -> f.gauge("node_network_speed_bytes",
                    "Network device property: speed_bytes.", mbps * 125_000.0, "device", n));
        }
    }

    private static void rx(Families f, String what, long value, String device) {
        f.counter("node_network_receive_" + what, "Network device statistic receive_" + what + ".", value,
                "device", device);
    }

    private static void tx(Families f, String what, long value, String device) {
        f.counter("node_network_transmit_" + what, "Network device statistic transmit_" + what + ".", value,
                "device", device);
    }

    private void disks(Families f) {
        for (DiskStats d : DiskStats.read(root)) {
            if (DiskStats.NOT_DISKS.matcher(d.name()).matches()) {
                continue;
            }
            String n = d.name();
            f.counter("node_disk_reads_completed", "The total number of reads completed successfully.",
                    d.readsCompleted(), "device", n);
            f.counter("node_disk_reads_merged", "The total number of reads merged.", d.readsMerged(), "device", n);
            f.counter("node_disk_read_bytes", "The total number of bytes read successfully.", d.bytesRead(),
                    "device", n);
            f.counter("node_disk_read_time_seconds", "The total number of seconds spent by all reads.",
                    d.readMillis() / 1000.0, "device", n);
            f.counter("node_disk_writes_completed", "The total number of writes completed successfully.",
                    d.writesCompleted(), "device", n);
            f.counter("node_disk_writes_merged", "The number of writes merged.", d.writesMerged(), "device", n);
            f.counter("node_disk_written_bytes", "The total number of bytes written successfully.",
                    d.bytesWritten(), "device", n);
            f.counter("node_disk_write_time_seconds", "This is the total number of seconds spent by all writes.",
                    d.writeMillis() / 1000.0, "device", n);
            f.gauge("node_disk_io_now", "The number of I/Os currently in progress.", d.inFlight(), "device", n);
            f.counter("node_disk_io_time_seconds", "Total seconds spent doing I/Os.", d.ioMillis() / 1000.0,
                    "device", n);
            f.counter("node_disk_io_time_weighted_seconds", "The weighted # of seconds spent doing I/Os.",
                    d.weightedIoMillis() / 1000.0, "device", n);
            f.counter("node_disk_discards_completed", "The total number of discards completed successfully.",
                    d.discardsCompleted(), "device", n);
            f.counter("node_disk_discards_merged", "The total number of discards merged.", d.discardsMerged(),
                    "device", n);
            f.counter("node_disk_discarded_sectors", "The total number of sectors discarded successfully.",
                    d.sectorsDiscarded(), "device", n);
            f.counter("node_disk_discard_time_seconds", "This is the total number of seconds spent by all discards.",
                    d.discardMillis() / 1000.0, "device", n);
            f.counter("node_disk_flush_requests", "The total number of flush requests completed successfully",
                    d.flushesCompleted(), "device", n);
            f.counter("node_disk_flush_requests_time_seconds", "This is the total number of seconds spent by all flush requests.",
                    d.flushMillis() / 1000.0, "device", n);
        }
    }

    private void filesystems(Families f) {
        for (Mount m : Mount.read(root)) {
            if (IGNORED_MOUNT_POINTS.matcher(m.mountPoint()).find() || IGNORED_FS_TYPES.matcher(m.fsType()).matches()) {
                continue;
            }
            Optional<StatVfs> stat = statvfs.apply(m.mountPoint());
            String[] labels = {"device", m.source(), "fstype", m.fsType(), "mountpoint", m.mountPoint()};
            f.gauge("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.",
                    stat.isPresent() ? 0 : 1, labels);
            if (stat.isEmpty()) {
                continue;
            }
            StatVfs s = stat.get();
            f.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", s.sizeBytes(), labels);
            f.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", s.freeBytes(), labels);
            f.gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.",
                    s.availableBytes(), labels);
            f.gauge("node_filesystem_files", "Filesystem total file nodes.", s.inodes(), labels);
            f.gauge("node_filesystem_files_free", "Filesystem total free file nodes.", s.inodesFree(), labels);
            f.gauge("node_filesystem_readonly", "Filesystem read-only status.", s.readOnly() ? 1 : 0, labels);
        }
    }

    /** node_exporter's default vmstat fields: page in/out, swap in/out, faults, OOM kills. */
    private static final Pattern VMSTAT_FIELDS = Pattern.compile("^(oom_kill|pgpg|pswp|pg.*fault).*");

    private void vmstat(Families f) {
        VmStat.read(root).counters().forEach((name, value) -> {
            if (VMSTAT_FIELDS.matcher(name).matches()) {
                f.gauge("node_vmstat_" + name, "/proc/vmstat information field " + name + ".", value);
            }
        });
    }
}
