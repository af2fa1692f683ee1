package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One line of {@code /proc/diskstats} (Documentation/admin-guide/iostats.rst). Sectors are 512 bytes
 * whatever the device's sector size; times are milliseconds. Discard fields (4.18+) and flush fields
 * (5.5+) are 0 on kernels that do not write them.
 */
public record DiskStats(int major, int minor, String name, long readsCompleted, long readsMerged,
                        long sectorsRead, long readMillis, long writesCompleted, long writesMerged,
                        long sectorsWritten, long writeMillis, long inFlight, long ioMillis, long weightedIoMillis,
                        long discardsCompleted, long discardsMerged, long sectorsDiscarded, long discardMillis,
                        long flushesCompleted, long flushMillis) {
    /** node_exporter's default: partitions, RAM disks, loop and floppy devices are not disks. */
    public static final Pattern NOT_DISKS = Pattern.compile("^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

    public static final int SECTOR_BYTES = 512;

    public long bytesRead() {
        return sectorsRead * SECTOR_BYTES;
    }

    public long bytesWritten() {
        return sectorsWritten * SECTOR_BYTES;
    }

    public static List<DiskStats> read(Path root) {
        return parse(ProcText.read(root.resolve("proc/diskstats")));
    }

    /** Lines with fewer than the 14 fields of 2.6 kernels are skipped. */
    public static List<DiskStats> parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<DiskStats> disks = new ArrayList<>();
        while (!t.atEnd()) {
            long major = t.number(-1);
            long minor = t.number(-1);
            String name = t.word();
            long[] f = new long[17];
            int n = 0;
            while (n < f.length) {
                long v = t.number(-1);
                if (v < 0) {
                    break;
                }
                f[n++] = v;
            }
            t.nextLine();
            if (major < 0 || minor < 0 || name.isEmpty() || n < 11) {
                continue;
            }
            disks.add(new DiskStats((int) major, (int) minor, name, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                    f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16]));
        }
        return disks;
    }
}
