package dev.gantry.agent.machines;

import dev.gantry.agent.systemd.Signals;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.Set;

/**
 * Body of {@code POST /machines/{name}/actions/kill}, both fields optional as in {@code machinectl kill}:
 * {@code signal} a name or number (default SIGTERM), {@code whom} {@code all} (default) or {@code leader}.
 */
public record MachineKill(String signal, String whom) implements Validated {
    static final Set<String> WHOM = Set.of("all", "leader");
    static final int SIGTERM = 15;

    @Override
    public void validate(Violations v) {
        if (signal != null) {
            v.check(Signals.parse(signal).isPresent(), "signal", "signal",
                    "a signal name or number, e.g. SIGTERM, HUP, RTMIN+4 or 9", signal);
        }
        if (whom != null) {
            v.check(WHOM.contains(whom), "whom", "enum", "all or leader", whom);
        }
    }

    int number() {
        return signal == null ? SIGTERM : Signals.parse(signal).orElseThrow();
    }

    String target() {
        return whom == null ? "all" : whom;
    }
}
