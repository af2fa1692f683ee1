package dev.gantry.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

/**
 * A TOML file read strictly: the program asks for each key it knows (with its default), and
 * {@link #finish()} rejects whatever was not asked for, so a misspelt key stops start-up instead of
 * being ignored. Every problem carries the file name and, where the key stands on a line of its own
 * ({@code Key = value} under {@code [Section]}, as in every file Gantry ships), its line.
 *
 * <p>Jackson's TOML reader is used rather than tomlj: tomlj's ANTLR parser spends about 100 ms
 * building its tables on first use, a fifth of gantryd's start-up budget. Jackson's tree keeps no
 * positions, so {@link KeyLines} finds them in the text.
 */
public final class TomlConfig {
    private static final TomlMapper MAPPER = new TomlMapper();

    private final String source;
    private final ObjectNode toml;
    private final KeyLines lines;
    private final Map<String, Section> sections = new HashMap<>();
    final List<String> problems = new ArrayList<>();

    private TomlConfig(String source, ObjectNode toml, KeyLines lines) {
        this.source = source;
        this.toml = toml;
        this.lines = lines;
    }

    /** Parses {@code file}; a file that does not exist reads as empty, so every default applies. */
    public static TomlConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            text = "";
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public static TomlConfig parse(String text, String source) throws ConfigException {
        if (text.isBlank()) {
            return new TomlConfig(source, MAPPER.createObjectNode(), new KeyLines(text));
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            return new TomlConfig(source, (ObjectNode) root, new KeyLines(text));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ConfigException(List.of(source + (line > 0 ? ":" + line : "") + ": " + e.getOriginalMessage()));
        }
    }

    /** The section {@code [name]}; an absent section is empty, so its defaults apply. */
    public Section section(String name) {
        return sections.computeIfAbsent(name, n -> {
            JsonNode node = toml.get(n);
            if (node != null && !node.isObject()) {
                problems.add(where(null, n) + n + " must be a section [" + n + "]");
                return new Section(this, n, null);
            }
            return new Section(this, n, (ObjectNode) node);
        });
    }

    /** Rejects unknown sections and keys, and reports every bad value found while reading. */
    public void finish() throws ConfigException {
        List<String> all = new ArrayList<>();
        for (String key : toml.properties().stream().map(Map.Entry::getKey).toList()) {
            if (!toml.get(key).isObject()) {
                all.add(where(null, key) + "key " + key + " must be inside a section, e.g. [System]");
            } else if (!sections.containsKey(key)) {
                all.add(where(null, key) + "unknown section [" + key + "]; known sections: "
                        + String.join(", ", sections.keySet().stream().sorted().toList()));
            }
        }
        for (Section section : sections.values()) {
            section.unknownKeys(all);
        }
        all.addAll(problems);
        if (!all.isEmpty()) {
            throw new ConfigException(all);
        }
    }

    /** "file:line: " for {@code key} of {@code section} (null: a top-level key or a section header). */
    String where(String section, String key) {
        int line = section == null ? lines.ofTopLevel(key) : lines.of(section, key);
        return source + (line > 0 ? ":" + line : "") + ": ";
    }

    /** Keys of one section, read by type; each read records the key as known. */
    public static final class Section {
        private final TomlConfig config;
        private final String name;
        private final ObjectNode table;
        private final Set<String> known = new HashSet<>();
        private final Set<String> rejected = new HashSet<>();

        Section(TomlConfig config, String name, ObjectNode table) {
            this.config = config;
            this.name = name;
            this.table = table;
        }

        void unknownKeys(List<String> out) {
            if (table == null) {
                return;
            }
            for (String key : table.properties().stream().map(Map.Entry::getKey).toList()) {
                if (!known.contains(key)) {
                    out.add(config.where(name, key) + "unknown key " + key + " in [" + name + "]; known keys: "
                            + String.join(", ", known.stream().sorted().toList()));
                }
            }
        }

        /** The value as a Java string, boolean, long or double (others as their TOML text), or null. */
        private Object raw(String key) {
            known.add(key);
            JsonNode node = table == null ? null : table.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return node.toString();
        }

        /** Records a problem with the value of {@code key}. */
        public void reject(String key, Object value, String expectation) {
            rejected.add(key);
            String at = config.where(name, key);
            config.problems.add(at + "[" + name + "] " + key + " = " + render(value) + ": " + expectation);
        }

        private static String render(Object value) {
            return value instanceof String s ? '"' + s + '"' : String.valueOf(value);
        }

        /** Whether a problem was already recorded for {@code key}. */
        public boolean isRejected(String key) {
            return rejected.contains(key);
        }

        /** A string; absent gives the default. */
        public String string(String key, String defaultValue) {
            Object value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof String s) {
                return s;
            }
            reject(key, value, "expected a string");
            return defaultValue;
        }

        /** A string with no default: empty or absent is empty. */
        public java.util.Optional<String> optionalString(String key) {
            String s = string(key, "");
            return s.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(s.trim());
        }

        /** A boolean: a TOML boolean or the strings "true"/"false" (the seed systems' files use strings). */
        public boolean bool(String key, boolean defaultValue) {
            Object value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s);
            }
            reject(key, value, "expected true or false");
            return defaultValue;
        }

        /** One of {@code allowed} (case-insensitive), returned in its canonical spelling. */
        public String choice(String key, String defaultValue, List<String> allowed) {
            String value = string(key, defaultValue);
            for (String a : allowed) {
                if (a.equalsIgnoreCase(value)) {
                    return a;
                }
            }
            reject(key, value, "expected one of " + String.join(", ", allowed));
            return defaultValue;
        }

        /** A whole number within [min, max]. */
        public long integer(String key, long defaultValue, long min, long max) {
            Object value = raw(key);
            if (value == null) {
                return defaultValue;
            }
            long n;
            if (value instanceof Long l) {
                n = l;
            } else if (value instanceof String s && s.matches("-?\\d+")) {
                n = Long.parseLong(s);
            } else {
                reject(key, value, "expected a whole number");
                return defaultValue;
            }
            if (n < min || n > max) {
                reject(key, value, "expected a number from " + min + " to " + max);
                return defaultValue;
            }
            return n;
        }

        /** An IP literal and port such as {@code 127.0.0.1:5208} or {@code [::1]:5208}, when set. */
        public java.util.Optional<java.net.InetSocketAddress> socketAddress(String key) {
            java.util.Optional<String> value = optionalString(key);
            if (value.isEmpty()) {
                return java.util.Optional.empty();
            }
            String text = value.get();
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "" : text.substring(0, colon);
            String port = colon < 0 ? "" : text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                host = "";
            }
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                return java.util.Optional.of(new java.net.InetSocketAddress(java.net.InetAddress.ofLiteral(host), p));
            } catch (IllegalArgumentException e) {
                reject(key, text, "expected an IP address and port such as 127.0.0.1:5208 or [::1]:5208");
                return java.util.Optional.empty();
            }
        }

        /** A path to an existing, readable regular file, when set. */
        public java.util.Optional<Path> readableFile(String key) {
            java.util.Optional<String> value = optionalString(key);
            if (value.isEmpty()) {
                return java.util.Optional.empty();
            }
            Path path = Path.of(value.get());
            if (!Files.isRegularFile(path)) {
                reject(key, value.get(), "no such file");
                return java.util.Optional.empty();
            }
            if (!Files.isReadable(path)) {
                reject(key, value.get(), "file is not readable by this process");
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(path);
        }
    }
}
