package dev.gantry.agent.events;

import java.util.OptionalInt;

/**
 * networkd's Link object paths, {@code /org/freedesktop/network1/link/<label>}. The label is the
 * ifindex escaped by {@code sd_bus_path_encode}: every byte outside {@code [A-Za-z0-9]}, and a leading
 * digit, becomes {@code _XX} in hex. So 2 is {@code _32} and 10 is {@code _310}: the label is unescaped
 * in full and then read as decimal, not cut after {@code _3} (which would misread a future encoding).
 */
final class LinkPaths {
    static final String PREFIX = "/org/freedesktop/network1/link/";

    private LinkPaths() {
    }

    /** The ifindex a Link path names; empty for any other path or a label that is not a positive number. */
    static OptionalInt ifindex(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return OptionalInt.empty();
        }
        String label = unescape(path.substring(PREFIX.length()));
        if (label == null || label.isEmpty() || label.length() > 10 || !label.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(label);
        return value < 1 || value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }

    /** {@code bus_label_unescape}: null when an escape is malformed. */
    static String unescape(String label) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c != '_') {
                out.append(c);
                continue;
            }
            if (i + 2 >= label.length()) {
                return null;
            }
            int hi = Character.digit(label.charAt(i + 1), 16);
            int lo = Character.digit(label.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.append((char) (hi * 16 + lo));
            i += 2;
        }
        return out.toString();
    }

    /** The path of the Link object for {@code ifindex}. */
    static String of(int ifindex) {
        String digits = Integer.toString(ifindex);
        return PREFIX + "_3" + digits.charAt(0) + digits.substring(1);
    }
}
