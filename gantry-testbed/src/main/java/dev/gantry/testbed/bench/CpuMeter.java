package dev.gantry.testbed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds spent by this JVM, by the processes it waited for (pgbench), and by one PostgreSQL
 * server (the postmaster, its live backends and those that exited), read from {@code /proc}; so a
 * benchmark can say what one operation costs on each side, not only how many ran per second.
 */
final class CpuMeter {
    private static final double TICKS = 100.0; // USER_HZ on Linux

    /** CPU seconds at one moment. */
    record Sample(double jvm, double waitedFor, double postgres) {
        Sample minus(Sample earlier) {
            return new Sample(jvm - earlier.jvm, waitedFor - earlier.waitedFor, postgres - earlier.postgres);
        }
    }

    private final long postmaster;

    /** {@code dataDir}: the PostgreSQL data directory, whose {@code postmaster.pid} names the server. */
    CpuMeter(Path dataDir) throws IOException {
        this.postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
    }

    Sample sample() throws IOException {
        long[] self = stat(ProcessHandle.current().pid());
        long[] pm = stat(postmaster);
        double postgres = pm[0] + pm[1] + pm[2] + pm[3];
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
            try {
                long[] c = stat(child.pid());
                postgres += c[0] + c[1];
            } catch (IOException gone) {
                // exited meanwhile: the postmaster's cutime has it now
            }
        }
        return new Sample((self[0] + self[1]) / TICKS, (self[2] + self[3]) / TICKS, postgres / TICKS);
    }

    /** utime, stime, cutime, cstime of a process, in ticks. */
    private static long[] stat(long pid) throws IOException {
        String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
