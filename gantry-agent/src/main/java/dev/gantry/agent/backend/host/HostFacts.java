package dev.gantry.agent.backend.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Facts about this host that files answer without asking any service: {@code os-release}, the
 * kernel's {@code uname} fields under {@code /proc/sys/kernel}, uptime, boot and machine ids, and
 * the configured time zone. Every read is fresh; each is a small file.
 */
public final class HostFacts {
    private final Path root;

    /** Reads below {@code root} ({@code /} on a host; a directory of fixtures in tests). */
    public HostFacts(Path root) {
        this.root = root;
    }

    public static HostFacts host() {
        return new HostFacts(Path.of("/"));
    }

    /** {@code /etc/os-release}, else {@code /usr/lib/os-release}, as keys and unquoted values. */
    public Map<String, String> osRelease() {
        for (String file : new String[] {"etc/os-release", "usr/lib/os-release"}) {
            Optional<String> text = read(file);
            if (text.isPresent()) {
                return parseOsRelease(text.get());
            }
        }
        return Map.of();
    }

    /** The {@code os-release} format: KEY=value lines, values optionally quoted with shell escapes. */
    public static Map<String, String> parseOsRelease(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Z0-9_]+")) {
                continue;
            }
            values.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            char quote = value.charAt(0);
            String inner = value.substring(1, value.length() - 1);
            if (quote == '\'') {
                return inner;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length() && "\\$\"`".indexOf(inner.charAt(i + 1)) >= 0) {
                    c = inner.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return value;
    }

    /** {@code uname -s}, {@code -r}, {@code -v} from /proc; the machine from the JVM, in uname's spelling. */
    public Kernel kernel() {
        return new Kernel(line("proc/sys/kernel/ostype").orElse("Linux"), line("proc/sys/kernel/osrelease").orElse(""),
                line("proc/sys/kernel/version").orElse(""),
                line("proc/sys/kernel/arch").orElse(unameMachine(System.getProperty("os.arch"))));
    }

    /** The kernel's {@code uname} fields. */
    public record Kernel(String name, String release, String version, String machine) {
    }

    static String unameMachine(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386" -> "i686";
            default -> javaArch;
        };
    }

    /** Seconds since boot, from {@code /proc/uptime}. */
    public double uptimeSeconds() {
        String text = line("proc/uptime").orElseThrow(() -> new IllegalStateException("no /proc/uptime"));
        return Double.parseDouble(text.split("\\s+")[0]);
    }

    public String bootId() {
        return line("proc/sys/kernel/random/boot_id").orElse("");
    }

    public String machineId() {
        return line("etc/machine-id").orElse("");
    }

    /**
     * The configured zone: the target of {@code /etc/localtime} below {@code zoneinfo/}, else
     * {@code /etc/timezone}, else {@code UTC} (what glibc assumes without {@code /etc/localtime}).
     */
    public String timezone() {
        try {
            String target = Files.readSymbolicLink(root.resolve("etc/localtime")).toString();
            int at = target.indexOf("zoneinfo/");
            if (at >= 0) {
                return target.substring(at + "zoneinfo/".length());
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a link: fall through to /etc/timezone
        }
        return line("etc/timezone").orElse("UTC");
    }

    /**
     * Whether {@code name} is a zone of the installed tz database: a relative name without {@code .}
     * or {@code ..} segments whose file under {@code /usr/share/zoneinfo} is a TZif file. This is
     * the check timedated itself makes, so what passes here is what it accepts.
     */
    public boolean isTimezone(String name) {
        if (name.isEmpty() || name.length() > 255 || name.startsWith("/") || !name.matches("[A-Za-z0-9_+\\-/]+")) {
            return false;
        }
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        Path file = root.resolve("usr/share/zoneinfo").resolve(name);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return new String(magic, StandardCharsets.US_ASCII).equals("TZif");
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<String> line(String file) {
        return read(file).map(String::strip).filter(s -> !s.isEmpty());
    }

    private Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
