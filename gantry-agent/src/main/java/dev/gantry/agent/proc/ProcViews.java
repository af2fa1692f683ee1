package dev.gantry.agent.proc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answers of {@code /api/v1/proc}. Sizes are bytes, CPU times are clock ticks ({@code userHz} per
 * second) unless a field says seconds. A value the agent could not read is left out of the JSON and
 * named in {@code unavailable}.
 */
public final class ProcViews {
    private ProcViews() {
    }

    /** One logical CPU of {@code /proc/cpuinfo}; {@code mhz} is absent where the architecture has none. */
    public record Processor(int processor, String vendor, String modelName, Double mhz, int physicalId, int coreId,
                            List<String> flags) {
    }

    public record Cpus(int count, String modelName, List<Processor> processors) {
    }

    /** CPU time of one CPU ({@code cpu} absent for the total), and its busy share since boot in percent. */
    public record Times(Integer cpu, long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                        long steal, long guest, long guestNice, double utilisation) {
    }

    public record CpuTimes(int userHz, Times total, List<Times> cpus, long contextSwitches, long interrupts,
                           long forks, long running, long blocked, Instant bootTime) {
    }

    public record Load(double load1, double load5, double load15, long running, long total, long lastPid) {
    }

    public record Uptime(double seconds, double idleSeconds, Instant bootTime) {
    }

    /** Memory as free(1) shows it; {@code used} is total − available. {@code fields}: every meminfo line, with ?all=true. */
    public record Memory(long total, long free, long available, long used, long buffers, long cached, long shared,
                         long slab, long dirty, long swapTotal, long swapFree, long swapUsed, long swapCached,
                         Map<String, Long> fields) {
    }

    /** A block device of {@code /proc/partitions} and where it is mounted. */
    public record Partition(String name, int major, int minor, long size, List<String> mountPoints) {
    }

    /** A mounted file system with statvfs usage, as df(1) computes it. */
    public record FileSystem(String source, String mountPoint, String type, String options, boolean readOnly,
                             Long size, Long used, Long available, Double usedPercent, Long inodes, Long inodesFree) {
    }

    public record Disks(List<Partition> partitions, List<FileSystem> fileSystems) {
    }

    public record Interface(String name, String operState, Long speedMbps, long rxBytes, long rxPackets,
                            long rxErrors, long rxDropped, long rxFifo, long rxFrame, long rxCompressed,
                            long rxMulticast, long txBytes, long txPackets, long txErrors, long txDropped,
                            long txFifo, long txCollisions, long txCarrier, long txCompressed) {
    }

    /** An inet socket; {@code pid} and {@code command} only where the owner's fds were readable. */
    public record InetSocket(String protocol, String localAddress, int localPort, String remoteAddress,
                             int remotePort, String state, long txQueue, long rxQueue, int uid, long inode,
                             Integer pid, String command) {
    }

    public record UnixSocket(String type, String state, String path, long inode, long refCount, Integer pid,
                             String command) {
    }

    public record Sensor(String chip, String device, String sensor, String kind, String label, String unit,
                         double value, Double max, Double critical) {
    }

    /**
     * One process. {@code cpuPercent} is its CPU time over its lifetime (as ps(1) computes %CPU);
     * {@code memoryPercent} is RSS over MemTotal.
     */
    public record Process(int pid, int ppid, String user, Integer uid, String name, String state, long threads,
                          long rss, long vsize, double memoryPercent, double cpuSeconds, double cpuPercent,
                          Instant startTime, long nice, long priority) {
    }

    public record ProcessMemory(Long vmPeak, Long vmSize, Long vmRss, Long rssAnon, Long rssFile, Long rssShmem,
                                Long vmData, Long vmStack, Long vmExe, Long vmLib, Long vmSwap) {
    }

    public record OpenFile(int fd, String target) {
    }

    public record Thread(int tid, String name, String state, long utime, long stime, int processor) {
    }

    public record Cgroup(int hierarchy, List<String> controllers, String path) {
    }

    /**
     * One process in detail. Parts the kernel did not let the agent read (io, openFiles and connections
     * need the process's own user or CAP_SYS_PTRACE) are absent and named in {@code unavailable}.
     */
    public record ProcessDetail(int pid, int ppid, String name, String state, String user, Integer uid,
                                List<Long> uids, List<Long> gids, List<String> cmdline, Instant startTime,
                                double cpuSeconds, long utime, long stime, long nice, long priority,
                                long threadCount, ProcessMemory memory, Map<String, Long> io,
                                List<OpenFile> openFiles, List<InetSocket> connections, List<Thread> threads,
                                List<Cgroup> cgroups, List<String> unavailable) {
    }

    /** A kernel tunable by its sysctl key; {@code value} is absent for a write-only key. */
    public record Tunable(String key, String value) {
    }
}
