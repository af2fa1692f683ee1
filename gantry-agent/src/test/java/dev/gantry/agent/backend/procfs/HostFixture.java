package dev.gantry.agent.backend.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fake root with the /proc and /sys files the metrics read; tests rewrite them between readings. */
public final class HostFixture {
    public final Path root;

    public HostFixture(Path root) {
        this.root = root;
    }

    public HostFixture write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostFixture delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HostFixture meminfo(long totalKb, long availableKb) {
        return write("proc/meminfo", """
                MemTotal:       %d kB
                MemFree:          123456 kB
                MemAvailable:   %d kB
                Active(anon):     204800 kB
                HugePages_Total:       4
                Hugepagesize:       2048 kB
                """.formatted(totalKb, availableKb));
    }

    /** /proc/stat with two CPUs; {@code user} and {@code idle} are each CPU's jiffies. */
    public HostFixture stat(long user, long idle) {
        return write("proc/stat", """
                cpu  %1$d 20 30 %2$d 5 0 1 0 0 0
                cpu0 %3$d 10 15 %4$d 3 0 1 0 0 0
                cpu1 %3$d 10 15 %4$d 2 0 0 0 7 0
                intr 9000 0 0
                ctxt 123456
                btime 1764460800
                processes 4242
                procs_running 3
                procs_blocked 1
                """.formatted(2 * user, 2 * idle, user, idle));
    }

    public HostFixture netDev(long ethRx, long ethTx) {
        return write("proc/net/dev", """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
                  eth0: %d    500    1    2    0     0          0         3 %d     400    0    0    0     0       0          0
                """.formatted(ethRx, ethTx));
    }

    public HostFixture diskStats(long sdaSectorsRead, long sdaSectorsWritten) {
        return write("proc/diskstats", """
                   8       0 sda 100 5 %d 40 200 6 %d 80 0 120 130 0 0 0 0 10 2
                   8       1 sda1 90 5 800 30 190 6 900 70 0 100 110 0 0 0 0 0 0
                   7       0 loop0 1 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                """.formatted(sdaSectorsRead, sdaSectorsWritten));
    }

    /** Every file of a small host. */
    public HostFixture host() {
        meminfo(8_000_000, 6_000_000).stat(1000, 9000).netDev(5000, 7000).diskStats(2000, 4000);
        write("proc/loadavg", "0.52 0.58 0.61 2/467 12345\n");
        write("proc/vmstat", "nr_free_pages 1000\npgpgin 11\npgpgout 22\npswpin 0\npgfault 333\npgmajfault 4\noom_kill 0\n");
        write("sys/class/net/eth0/speed", "1000\n");
        write("sys/class/net/eth0/operstate", "up\n");
        write("sys/class/net/lo/operstate", "unknown\n");
        write("proc/self/mountinfo", """
                21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
                22 21 0:5 / /proc rw,nosuid shared:2 - proc proc rw
                23 21 8:2 / /data rw,relatime shared:3 - xfs /dev/sda2 rw
                24 21 8:2 / /data rw,relatime shared:4 - xfs /dev/sda2 rw
                25 21 0:40 / /mnt/nfs rw,relatime shared:5 - nfs4 server:/export rw
                26 21 0:41 / /gone rw,relatime shared:6 - ext4 /dev/sdb1 rw
                """);
        return this;
    }
}
