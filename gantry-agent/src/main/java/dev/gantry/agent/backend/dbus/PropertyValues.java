package dev.gantry.agent.backend.dbus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/**
 * The properties of one D-Bus interface as {@code org.freedesktop.DBus.Properties.GetAll} returned
 * them, read with the conversions systemd's services need: unsigned numbers as {@code long},
 * microsecond timestamps as instants (0 meaning "never"), and the first member of {@code (so)}
 * structs. A missing or differently typed property reads as empty, never as an exception: services
 * add and drop properties between versions.
 */
public final class PropertyValues {
    private final Map<String, Variant<?>> values;

    public PropertyValues(Map<String, Variant<?>> values) {
        this.values = Map.copyOf(values);
    }

    /** {@code GetAll(iface)} on {@code path} of {@code service}. */
    public static PropertyValues read(DBusConnection connection, String service, String path, String iface)
            throws DBusException {
        Properties properties = connection.getRemoteObject(service, path, Properties.class);
        return new PropertyValues(properties.GetAll(iface));
    }

    public Optional<Object> raw(String name) {
        Variant<?> v = values.get(name);
        return v == null ? Optional.empty() : Optional.ofNullable(v.getValue());
    }

    public String string(String name) {
        return raw(name).map(v -> v instanceof DBusPath p ? p.getPath() : String.valueOf(v)).orElse("");
    }

    /** A string property, empty when absent or empty. */
    public Optional<String> text(String name) {
        return Optional.of(string(name)).filter(s -> !s.isEmpty());
    }

    public boolean bool(String name) {
        return raw(name).map(v -> v instanceof Boolean b && b).orElse(false);
    }

    public Optional<Long> number(String name) {
        return raw(name).flatMap(PropertyValues::asLong);
    }

    /** A {@code CLOCK_REALTIME} timestamp in microseconds; empty when 0 ("never"). */
    public Optional<Instant> micros(String name) {
        return number(name).filter(n -> n > 0).map(PropertyValues::instantOfMicros);
    }

    /** The first member of a struct property such as {@code (so)} (an id and its object path). */
    public Optional<Object> structHead(String name) {
        return raw(name).flatMap(PropertyValues::head);
    }

    /** The first members of an array of structs such as {@code a(so)}. */
    public List<Object> structHeads(String name) {
        List<Object> heads = new ArrayList<>();
        raw(name).ifPresent(v -> {
            if (v instanceof List<?> list) {
                list.forEach(e -> head(e).ifPresent(heads::add));
            } else if (v instanceof Object[] array) {
                for (Object e : array) {
                    head(e).ifPresent(heads::add);
                }
            }
        });
        return heads;
    }

    public static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    }

    public static Optional<Long> asLong(Object v) {
        if (v instanceof UInt32 u) {
            return Optional.of(u.longValue());
        }
        if (v instanceof UInt64 u) {
            return Optional.of(u.longValue());
        }
        if (v instanceof Number n) {
            return Optional.of(n.longValue());
        }
        return Optional.empty();
    }

    private static Optional<Object> head(Object v) {
        if (v instanceof Object[] parts) {
            return parts.length == 0 ? Optional.empty() : Optional.ofNullable(parts[0]);
        }
        if (v instanceof List<?> parts) {
            return parts.isEmpty() ? Optional.empty() : Optional.ofNullable(parts.getFirst());
        }
        if (v instanceof Struct struct) {
            Object[] parts = struct.getParameters();
            return parts.length == 0 ? Optional.empty() : Optional.ofNullable(parts[0]);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
