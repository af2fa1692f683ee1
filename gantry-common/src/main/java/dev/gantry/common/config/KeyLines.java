package dev.gantry.common.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where keys stand in a TOML text: the line of each {@code Key = value} under its {@code [Section]},
 * and of each section header. Keys written in other TOML forms (dotted, inline tables) get no line;
 * the message then names only the file.
 */
final class KeyLines {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*\"?([^\\]\"]+?)\"?\\s*]\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_-]+)\"?\\s*=");
    private final Map<String, Integer> lines = new HashMap<>();

    KeyLines(String text) {
        List<String> all = text.lines().toList();
        String section = "";
        for (int i = 0; i < all.size(); i++) {
            String line = all.get(i);
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                section = header.group(1).trim();
                lines.putIfAbsent("\0" + section, i + 1);
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (key.find()) {
                lines.putIfAbsent(section + "\0" + key.group(1), i + 1);
            }
        }
    }

    /** The line of {@code key} under {@code [section]}, or 0 when it cannot be told. */
    int of(String section, String key) {
        return lines.getOrDefault(section + "\0" + key, 0);
    }

    /**
     * The line of the header {@code [name]}, or of a key {@code name} before any header (both are
     * kept under the empty section); 0 when unknown.
     */
    int ofTopLevel(String name) {
        return of("", name);
    }
}
