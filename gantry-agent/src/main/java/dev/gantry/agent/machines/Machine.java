package dev.gantry.agent.machines;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.machine.Machined;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A machine systemd-machined tracks, as {@code machinectl show} shows it. {@code id} is the 128-bit
 * machine id in machinectl's form (32 lower-case hex digits; all zeros when the machine has none);
 * {@code class} is {@code container} or {@code vm}; {@code state} {@code opening}, {@code running} or
 * {@code closing}; {@code leader} the PID of its init (or its VM process); {@code addresses} those
 * machined can see (containers with a network of their own; empty for VMs and containers on the
 * host's network). Unset values are left out.
 */
public record Machine(String name, String id, @JsonProperty("class") String machineClass, String service,
                      String state, long leader, String rootDirectory, List<String> addresses, String unit,
                      Instant since) {
    public Machine {
        addresses = List.copyOf(addresses);
    }

    static Machine of(Machined.Entry e) {
        PropertyValues p = e.properties();
        return new Machine(e.name(), id(p.raw("Id")), p.string("Class"), p.text("Service").orElse(null),
                p.string("State"), p.number("Leader").orElse(0L), p.text("RootDirectory").orElse(null),
                e.addresses(), p.text("Unit").orElse(null), p.micros("Timestamp").orElse(null));
    }

    /** {@code ay} arrives as a byte array or, inside some containers of dbus-java, as a list of bytes. */
    static String id(Optional<Object> raw) {
        byte[] bytes = raw.map(v -> switch (v) {
            case byte[] b -> b;
            case List<?> list -> {
                byte[] b = new byte[list.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = ((Number) list.get(i)).byteValue();
                }
                yield b;
            }
            default -> new byte[0];
        }).orElse(new byte[0]);
        return bytes.length == 16 ? HexFormat.of().formatHex(bytes) : "0".repeat(32);
    }
}
