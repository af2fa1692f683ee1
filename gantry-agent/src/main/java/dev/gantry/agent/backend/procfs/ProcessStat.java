package dev.gantry.agent.backend.procfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code /proc/<pid>/stat} (or {@code /proc/<pid>/task/<tid>/stat}), the fields proc(5) numbers 1-39.
 * Times are in clock ticks ({@link CpuTimes#USER_HZ}); {@code startTime} counts ticks since boot;
 * {@code rssPages} is in pages of {@link Kernel#pageSize()}. The command name sits between the first
 * {@code (} and the LAST {@code )}: it may itself contain spaces and parentheses.
 */
public record ProcessStat(int pid, String comm, String state, int ppid, int pgrp, int session, int ttyNr,
                          long minorFaults, long majorFaults, long utime, long stime, long cutime, long cstime,
                          long priority, long nice, long threads, long startTime, long vsize, long rssPages,
                          int processor) {

    /** The stat of {@code pid}, or empty if it has no entry under /proc (it ended, or never was). */
    public static Optional<ProcessStat> read(Path root, int pid) {
        return readFile(root.resolve("proc").resolve(Integer.toString(pid)).resolve("stat"));
    }

    public static Optional<ProcessStat> readFile(Path file) {
        return ProcText.readIfPresent(file).flatMap(ProcessStat::parse);
    }

    /** Empty for a line that does not have the fields of a stat line. */
    public static Optional<ProcessStat> parse(byte[] b) {
        int open = ProcText.indexOf(b, (byte) '(', 0, b.length);
        int close = -1;
        for (int i = b.length - 1; i > open; i--) {
            if (b[i] == ')') {
                close = i;
                break;
            }
        }
        if (open < 1 || close < 0) {
            return Optional.empty();
        }
        ProcText t = new ProcText(b);
        long pid = t.number(-1);
        String comm = new String(b, open + 1, close - open - 1, StandardCharsets.UTF_8);
        t.position(close + 1);
        String state = t.word();
        long[] f = new long[36];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.number(Long.MIN_VALUE);
            if (f[i] == Long.MIN_VALUE) {
                if (i < 21) {
                    return Optional.empty();
                }
                f[i] = 0;
            }
        }
        // f[0] is field 4 (ppid): field n is f[n - 4].
        return Optional.of(new ProcessStat((int) pid, comm, state, (int) f[0], (int) f[1], (int) f[2], (int) f[3],
                f[6], f[8], f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[18], f[19], f[20], (int) f[35]));
    }

    /** User plus system time, in seconds. */
    public double cpuSeconds() {
        return (double) (utime + stime) / CpuTimes.USER_HZ;
    }

    public long rssBytes() {
        return rssPages * Kernel.pageSize();
    }

    /** Whether {@code e} says the file was not there (so the process is gone). */
    static boolean gone(Throwable e) {
        return e instanceof NoSuchFileException;
    }
}
