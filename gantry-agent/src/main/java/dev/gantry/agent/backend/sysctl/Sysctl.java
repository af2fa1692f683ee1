package dev.gantry.agent.backend.sysctl;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.exec.RootCommand;
import dev.gantry.agent.backend.procfs.ProcText;
import dev.gantry.common.http.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel's tunables under {@code /proc/sys}, by their dotted keys ({@code net.ipv4.ip_forward}).
 * The one writer of /proc/sys in the agent: the sysctl module and the /proc tunables both go through it.
 *
 * <p>Keys follow sysctl(8): dots separate the levels, and a {@code /} inside a key stands for a dot
 * inside one level ({@code net.ipv4.conf.eth0/100.forwarding} is the file
 * {@code net/ipv4/conf/eth0.100/forwarding}). A key is checked before it touches the file system:
 * no empty, {@code .} or {@code ..} level, no absolute path, nothing outside a small character set.
 */
public final class Sysctl {
    static final int MAX_KEY = 255;
    static final int MAX_VALUE = 4096;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-.:/@+]+");
    private static final Duration ROOT_WRITE_TIMEOUT = Duration.ofSeconds(20);

    private final Path root;
    private final boolean rootFallback;

    /** {@code root} is {@code /proc/sys} on a host; tests give a directory of their own. */
    public Sysctl(Path root, boolean rootFallback) {
        this.root = root;
        this.rootFallback = rootFallback;
    }

    public static Sysctl host() {
        return new Sysctl(Path.of("/proc/sys"), true);
    }

    /**
     * The relative path of a key, or a 400 naming {@code field} if it is not a well-formed key. Does
     * not look at the file system.
     */
    public static Path relativePath(String key, String field) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY || !KEY.matcher(key).matches()) {
            throw ApiException.invalid(field, "pattern",
                    "a sysctl key is 1-" + MAX_KEY + " of A-Z a-z 0-9 _ - . : / @ +, such as net.ipv4.ip_forward", key);
        }
        if (key.startsWith("/") || key.contains("..")) {
            throw ApiException.invalid(field, "pattern",
                    "a sysctl key is a dotted name such as net.ipv4.ip_forward, never a path or '..'", key);
        }
        String[] levels = key.split("\\.", -1);
        List<String> names = new ArrayList<>(levels.length);
        for (String level : levels) {
            String name = level.replace('/', '.');
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.startsWith("/")) {
                throw ApiException.invalid(field, "pattern", "a sysctl key has no empty, '.' or '..' level", key);
            }
            names.add(name);
        }
        return Path.of(names.getFirst(), names.subList(1, names.size()).toArray(String[]::new));
    }

    /** The dotted key of a file under the root. */
    public String keyOf(Path file) {
        Path relative = root.relativize(file);
        List<String> levels = new ArrayList<>();
        relative.forEach(p -> levels.add(p.toString().replace('.', '/')));
        return String.join(".", levels);
    }

    /** The file of an existing key: 400 if malformed, 404 if the kernel has no such key. */
    public Path file(String key, String field) {
        Path file = root.resolve(relativePath(key, field)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw ApiException.notFound("this kernel has no sysctl " + key);
        }
        return file;
    }

    /** The current value, or empty for a write-only key (such as {@code vm.compact_memory}). */
    public Optional<String> read(String key) {
        return readFile(file(key, "key"));
    }

    private static Optional<String> readFile(Path file) {
        try {
            // Not Files.readString: with /proc's size of 0 it reads one byte, then the rest from offset 1,
            // and the kernel's sysctl handlers answer a read at a non-zero offset with end of file.
            return Optional.of(new String(ProcText.readChunked(file), StandardCharsets.UTF_8).strip());
        } catch (AccessDeniedException | NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Some keys refuse reads with EIO or EINVAL (stable_secret before it is set): no value.
            return Optional.empty();
        }
    }

    /** Every readable key whose dotted name {@code filter} accepts, sorted by key. */
    public SortedMap<String, String> all(Predicate<String> filter) {
        SortedMap<String, String> values = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = keyOf(file);
                if (filter.test(key)) {
                    readFile(file).ifPresent(v -> values.put(key, v));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            // A directory vanished during the walk (a link went away): what was read stands.
        }
        return values;
    }

    /** A 400 naming {@code field} unless {@code value} is something a sysctl can be set to. */
    public static void checkValue(String value, String field) {
        if (value == null || value.length() > MAX_VALUE || value.indexOf('\0') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw ApiException.invalid(field, "value",
                    "a sysctl value is one line of at most " + MAX_VALUE + " characters", value);
        }
    }

    /**
     * Sets a key now (not persistently). The kernel decides what a value may be: a value it refuses is
     * a 400. A key this host does not let anyone change (read-only /proc/sys in a container) is a 409.
     * Keys outside {@code net.*} are checked by the kernel against uid 0, so when the direct write is
     * refused they go through {@link RootCommand}.
     */
    public void write(String key, String value) {
        checkValue(value, "value");
        Path file = file(key, "key");
        try {
            Files.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (AccessDeniedException e) {
            if (!rootFallback) {
                throw ApiException.forbidden("the agent may not change " + key);
            }
            writeAsRoot(key, value);
        } catch (FileSystemException e) {
            throw refusal(key, value, String.valueOf(e.getReason()));
        } catch (IOException e) {
            throw refusal(key, value, String.valueOf(e.getMessage()));
        }
    }

    private void writeAsRoot(String key, String value) {
        Command.Result result = RootCommand.run(List.of("sysctl", "-q", "-w", key + "=" + value), ROOT_WRITE_TIMEOUT);
        if (!result.ok()) {
            String reason = result.reason();
            if (reason.contains("Interactive authentication") || reason.contains("Access denied")) {
                throw new ApiException(500, "host-refused", "The host refused the agent",
                        "setting " + key + " needs root, and systemd-run was refused: " + reason);
            }
            throw refusal(key, value, reason);
        }
    }

    private static ApiException refusal(String key, String value, String reason) {
        String lower = reason.toLowerCase();
        if (lower.contains("read-only")) {
            return ApiException.conflict(key + " cannot be changed on this host: its /proc/sys is read-only");
        }
        if (lower.contains("invalid argument") || lower.contains("out of range") || lower.contains("numerical result")) {
            return ApiException.invalid("value", "refused", "the kernel refused this value for " + key + ": " + reason, value);
        }
        if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
            return ApiException.forbidden("the kernel does not let the agent change " + key + ": " + reason);
        }
        return ApiException.unprocessable("the kernel refused " + key + " = " + value + ": " + reason);
    }
}
