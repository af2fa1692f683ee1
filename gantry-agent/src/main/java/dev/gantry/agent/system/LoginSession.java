package dev.gantry.agent.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.agent.backend.dbus.PropertyValues;
import java.time.Instant;

/**
 * A login session ({@code loginctl show-session}): {@code type} is {@code tty}, {@code x11},
 * {@code wayland}, {@code mir} or {@code unspecified}; {@code class} {@code user}, {@code greeter},
 * {@code lock-screen} or {@code background}; {@code state} {@code online}, {@code active} or
 * {@code closing}; {@code leader} the PID that opened it. Unset values are left out.
 */
public record LoginSession(String id, long uid, String user, String seat, String tty, String display,
                           boolean remote, String remoteHost, String remoteUser, String service, String type,
                           @JsonProperty("class") String sessionClass, String state, boolean active, boolean idle,
                           long leader, String scope, Instant createdAt) {

    static LoginSession of(PropertyValues p) {
        return new LoginSession(p.string("Id"), p.structHead("User").flatMap(PropertyValues::asLong).orElse(-1L),
                p.string("Name"), p.structHead("Seat").map(String::valueOf).filter(s -> !s.isEmpty()).orElse(null),
                p.text("TTY").orElse(null), p.text("Display").orElse(null), p.bool("Remote"),
                p.text("RemoteHost").orElse(null), p.text("RemoteUser").orElse(null), p.text("Service").orElse(null),
                p.string("Type"), p.string("Class"), p.string("State"), p.bool("Active"), p.bool("IdleHint"),
                p.number("Leader").orElse(0L), p.text("Scope").orElse(null), p.micros("Timestamp").orElse(null));
    }
}
