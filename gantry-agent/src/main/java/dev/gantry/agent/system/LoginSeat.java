package dev.gantry.agent.system;

import dev.gantry.agent.backend.dbus.PropertyValues;
import java.util.List;

/** A seat ({@code loginctl show-seat}): its active session, whether it has graphics and text terminals. */
public record LoginSeat(String id, String activeSession, boolean canGraphical, boolean canTty, List<String> sessions) {
    public LoginSeat {
        sessions = List.copyOf(sessions);
    }

    static LoginSeat of(String id, PropertyValues p) {
        return new LoginSeat(id, p.structHead("ActiveSession").map(String::valueOf).filter(s -> !s.isEmpty())
                .orElse(null), p.bool("CanGraphical"), p.bool("CanTTY"),
                p.structHeads("Sessions").stream().map(String::valueOf).sorted().toList());
    }
}
