package dev.gantry.agent.backend.dbus.systemd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/** D-Bus values as plain Java values that serialise to JSON: numbers, strings, booleans, lists, maps. */
final class Values {
    static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");

    private Values() {
    }

    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Variant<?> v -> plain(v.getValue());
            case UInt64 u -> u.value().bitLength() < 64 ? (Object) u.longValue() : u.value();
            case UInt32 u -> u.longValue();
            case UInt16 u -> u.intValue();
            case Byte b -> b & 0xff;
            case DBusPath p -> p.getPath();
            case String s -> s;
            case Number n -> n;
            case Boolean b -> b;
            case byte[] bytes -> {
                List<Integer> list = new ArrayList<>(bytes.length);
                for (byte b : bytes) {
                    list.add(b & 0xff);
                }
                yield list;
            }
            case Object[] array -> {
                List<Object> list = new ArrayList<>(array.length);
                for (Object o : array) {
                    list.add(plain(o));
                }
                yield list;
            }
            case Struct struct -> plain(struct.getParameters());
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                for (Object o : list) {
                    out.add(plain(o));
                }
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(plain(k)), plain(v)));
                yield out;
            }
            default -> value.toString();
        };
    }

    /** A map of D-Bus properties as plain values. */
    static Map<String, Object> plain(Map<String, Variant<?>> properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }
}
