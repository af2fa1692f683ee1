package dev.gantry.agent.network;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals and prefixes as the API accepts them: dotted-quad IPv4 (no short forms, no leading
 * zeros that could read as octal), IPv6 without a zone; never a host name (no DNS lookup).
 */
final class Ip {
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private Ip() {
    }

    /** An address and prefix length; {@code bytes} is 4 or 16 long. */
    record Prefix(byte[] bytes, int length) {
        int family() {
            return bytes.length == 4 ? 2 : 10;
        }
    }

    /** A 48-bit MAC address written as six hex pairs joined by {@code :} or {@code -}. */
    static Optional<byte[]> mac(String text) {
        if (text == null || !text.matches("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}")) {
            return Optional.empty();
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(i * 3, i * 3 + 2), 16);
        }
        return Optional.of(out);
    }

    static Optional<byte[]> address(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            if (!IPV4.matcher(text).matches()) {
                return Optional.empty();
            }
            String[] parts = text.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int n = Integer.parseInt(parts[i]);
                if (n > 255) {
                    return Optional.empty();
                }
                out[i] = (byte) n;
            }
            return Optional.of(out);
        }
        if (text.indexOf('%') >= 0 || !text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        try {
            byte[] b = InetAddress.ofLiteral(text).getAddress();
            if (b.length == 4) {
                // an IPv4-mapped literal (::ffff:a.b.c.d) comes back as IPv4: keep it IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return Optional.of(mapped);
            }
            return Optional.of(b);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** "address/length" with the length in range for the family; {@code requireLength} false allows a bare address. */
    static Optional<Prefix> prefix(String text, boolean requireLength) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return requireLength ? Optional.empty() : address(text).map(b -> new Prefix(b, b.length * 8));
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int n = Integer.parseInt(len);
        return address(text.substring(0, slash)).filter(b -> n <= b.length * 8).map(b -> new Prefix(b, n));
    }
}
