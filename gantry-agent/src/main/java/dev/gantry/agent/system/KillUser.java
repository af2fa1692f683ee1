package dev.gantry.agent.system;

import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /system/login/users/{uid}/kill}: the signal for every process of the user, by
 * name ({@code TERM} or {@code SIGTERM}, any case) or number (1-64). Absent means {@code TERM}.
 */
public record KillUser(String signal) implements Validated {
    static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("USR2", 12),
            Map.entry("TERM", 15), Map.entry("CONT", 18), Map.entry("STOP", 19));
    static final int DEFAULT = 15;

    @Override
    public void validate(Violations v) {
        if (signal != null) {
            v.check(number(signal).isPresent(), "signal", "signal",
                    "a signal name (HUP, INT, QUIT, KILL, USR1, USR2, TERM, CONT, STOP) or number 1-64", signal);
        }
    }

    int number() {
        return signal == null ? DEFAULT : number(signal).orElseThrow();
    }

    static Optional<Integer> number(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(s);
            return n >= 1 && n <= 64 ? Optional.of(n) : Optional.empty();
        }
        return Optional.ofNullable(SIGNALS.get(s.startsWith("SIG") ? s.substring(3) : s));
    }
}
