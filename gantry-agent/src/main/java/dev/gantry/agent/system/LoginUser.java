package dev.gantry.agent.system;

import dev.gantry.agent.backend.dbus.PropertyValues;
import java.time.Instant;
import java.util.List;

/**
 * A user logind tracks ({@code loginctl show-user}): {@code state} is {@code offline},
 * {@code lingering}, {@code online}, {@code active} or {@code closing}; {@code sessions} are session ids.
 */
public record LoginUser(long uid, String name, long gid, String state, boolean linger, boolean idle,
                        Instant loginAt, String runtimePath, String slice, String display, List<String> sessions) {
    public LoginUser {
        sessions = List.copyOf(sessions);
    }

    static LoginUser of(PropertyValues p) {
        return new LoginUser(p.number("UID").orElse(-1L), p.string("Name"), p.number("GID").orElse(-1L),
                p.string("State"), p.bool("Linger"), p.bool("IdleHint"), p.micros("Timestamp").orElse(null),
                p.text("RuntimePath").orElse(null), p.text("Slice").orElse(null),
                p.structHead("Display").map(String::valueOf).filter(s -> !s.isEmpty()).orElse(null),
                p.structHeads("Sessions").stream().map(String::valueOf).sorted().toList());
    }
}
