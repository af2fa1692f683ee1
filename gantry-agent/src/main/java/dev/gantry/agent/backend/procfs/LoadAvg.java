package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;

/** {@code /proc/loadavg}: {@code 0.52 0.58 0.59 2/467 12345}. */
public record LoadAvg(double load1, double load5, double load15, long running, long total, long lastPid) {

    public static LoadAvg read(Path root) {
        return parse(ProcText.read(root.resolve("proc/loadavg")));
    }

    /** Missing or malformed fields are NaN (loads) or -1 (counts). */
    public static LoadAvg parse(byte[] text) {
        ProcText t = new ProcText(text);
        double l1 = t.decimal();
        double l5 = t.decimal();
        double l15 = t.decimal();
        t.skipBlanks();
        long running = -1;
        long total = -1;
        String tasks = t.word();
        int slash = tasks.indexOf('/');
        if (slash > 0) {
            running = parseOr(tasks.substring(0, slash));
            total = parseOr(tasks.substring(slash + 1));
        }
        long last = t.number(-1);
        return new LoadAvg(l1, l5, l15, running, total, last);
    }

    private static long parseOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
