package dev.gantry.agent.systemd;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Signal names and numbers as Linux on x86-64 and arm64 has them (signal(7)); also used by the machines module. */
public final class Signals {
    static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16),
            Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20),
            Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24),
            Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28),
            Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));
    static final int RTMIN = 34;
    static final int MAX = 64;

    private Signals() {
    }

    /** {@code 15}, {@code TERM}, {@code SIGTERM}, {@code sigterm}, {@code RTMIN+2}: the number, if it is a signal. */
    public static Optional<Integer> parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.matches("\\d{1,2}")) {
            int n = Integer.parseInt(s);
            return n >= 1 && n <= MAX ? Optional.of(n) : Optional.empty();
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.matches("RTMIN(\\+\\d{1,2})?")) {
            int n = RTMIN + (s.length() > 5 ? Integer.parseInt(s.substring(6)) : 0);
            return n <= MAX ? Optional.of(n) : Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(s));
    }
}
