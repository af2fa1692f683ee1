package dev.gantry.agent.backend.dbus.systemd;

import java.util.Optional;
import java.util.Set;

/**
 * Unit names as systemd accepts them (systemd.unit(5)): at most 255 characters of
 * {@code [A-Za-z0-9:_.@\-\\]}, a non-empty prefix, a known type suffix. Checked before anything reaches
 * the bus, so that a name with {@code /}, {@code ..} or a NUL can never name a file or an object path.
 */
public final class UnitNames {
    public static final Set<String> TYPES = Set.of("service", "socket", "target", "device", "mount", "automount",
            "swap", "timer", "path", "slice", "scope");
    static final int MAX_LENGTH = 255;

    private UnitNames() {
    }

    /**
     * The full unit name for {@code given}: as it is when it ends in a unit type, with {@code .service}
     * appended otherwise (as systemctl does); empty when the name is not one systemd would accept.
     */
    public static Optional<String> normalize(String given) {
        if (given == null || given.isEmpty() || given.contains("..")) {
            return Optional.empty();
        }
        String name = type(given).isPresent() ? given : given + ".service";
        return valid(name) ? Optional.of(name) : Optional.empty();
    }

    /** The type suffix of a name ({@code service} for {@code a.service}), if it has a known one. */
    public static Optional<String> type(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String suffix = name.substring(dot + 1);
        return TYPES.contains(suffix) ? Optional.of(suffix) : Optional.empty();
    }

    static boolean valid(String name) {
        if (name.length() > MAX_LENGTH || name.contains("..")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || type(name).isEmpty()) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ':' || c == '_' || c == '.' || c == '-' || c == '\\' || c == '@';
            if (!ok) {
                return false;
            }
        }
        int at = name.indexOf('@');
        // A template "a@.service" or instance "a@b.service": one '@', never first.
        return at != 0 && (at < 0 || name.indexOf('@', at + 1) < 0);
    }

    /** The object path systemd gives a unit: {@code /org/freedesktop/systemd1/unit/} plus the escaped name. */
    public static String objectPath(String name) {
        return Systemd1.UNIT_PATH_PREFIX + escape(name);
    }

    /** sd-bus label escaping: letters and digits (not a leading digit) stay, every other byte is {@code _xx}. */
    static String escape(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(name.length() + 16);
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
            boolean digit = b >= '0' && b <= '9';
            if (letter || (digit && i > 0)) {
                out.append((char) b);
            } else {
                out.append('_').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return out.toString();
    }
}
