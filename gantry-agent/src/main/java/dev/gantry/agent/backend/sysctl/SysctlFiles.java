package dev.gantry.agent.backend.sysctl;

import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sysctl configuration files that systemd-sysctl applies at boot ({@code /etc/sysctl.d/*.conf}
 * and its siblings, then {@code /etc/sysctl.conf}): reading which of them set a key, and keeping the
 * agent's persisted settings in {@code /etc/sysctl.d}. The kernel's current values are {@link Sysctl}'s.
 *
 * <p>Files the agent writes carry {@link #MARKER} as their first line; the agent removes settings only
 * from such files. Every other line of a file it edits is kept as it was. Writes are atomic and
 * serialised within this instance.
 */
public final class SysctlFiles {
    /** The file a persisted setting goes to unless the caller names another. */
    public static final String DEFAULT_FILE = "90-gantry.conf";
    static final String MARKER = "# Managed by gantryd: settings persisted through the Gantry API (/api/v1/sysctl).";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_@+][A-Za-z0-9_.@+-]{0,250}\\.conf");
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
    /** Where systemd-sysctl looks, highest priority first: a name in an earlier directory masks the same name later. */
    private static final List<String> DIRECTORIES = List.of("etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d",
            "usr/lib/sysctl.d", "lib/sysctl.d");
    private static final String SYSCTL_CONF = "etc/sysctl.conf";

    private final Path root;
    private final ReentrantLock writing = new ReentrantLock();

    /** {@code root} is {@code /} on a host; tests give a directory of their own. */
    public SysctlFiles(Path root) {
        this.root = root;
    }

    public static SysctlFiles host() {
        return new SysctlFiles(Path.of("/"));
    }

    /** One {@code key = value} line of a configuration file; {@code ignoreErrors} for a leading {@code -}. */
    public record Entry(Path file, int line, String key, String value, boolean ignoreErrors) {
    }

    /** The directory persisted settings are written to ({@code /etc/sysctl.d}). */
    public Path directory() {
        return root.resolve(DIRECTORIES.getFirst());
    }

    /**
     * The file named {@code name} in {@code /etc/sysctl.d}, or a 400 naming {@code field}: a bare name
     * ending in {@code .conf}, no path, no leading dot.
     */
    public Path persistFile(String name, String field) {
        if (name == null || !FILE_NAME.matcher(name).matches() || name.contains("..")) {
            throw ApiException.invalid(field, "file-name",
                    "a bare file name in /etc/sysctl.d ending in .conf, such as " + DEFAULT_FILE, name);
        }
        return directory().resolve(name);
    }

    /**
     * A file to load, or a 400 naming {@code field}: a bare name (in {@code /etc/sysctl.d}) or an
     * absolute path directly inside one of the sysctl.d directories, ending in {@code .conf}, or
     * {@code /etc/sysctl.conf}; it must exist.
     */
    public Path loadFile(String name, String field) {
        String allowed = "a .conf file directly in /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, "
                + "/usr/lib/sysctl.d or /lib/sysctl.d (a bare name means /etc/sysctl.d), or /etc/sysctl.conf";
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.contains("..")) {
            throw ApiException.invalid(field, "path", allowed, name);
        }
        Path file;
        if (!name.contains("/")) {
            file = persistFile(name, field);
        } else {
            if (!name.startsWith("/")) {
                throw ApiException.invalid(field, "path", allowed, name);
            }
            Path relative = Path.of(name.substring(1)).normalize();
            boolean inDirectory = relative.getParent() != null
                    && DIRECTORIES.contains(relative.getParent().toString())
                    && FILE_NAME.matcher(relative.getFileName().toString()).matches();
            if (!inDirectory && !relative.toString().equals(SYSCTL_CONF)) {
                throw ApiException.invalid(field, "path", allowed, name);
            }
            file = root.resolve(relative);
        }
        if (!Files.isRegularFile(file)) {
            throw ApiException.invalid(field, "missing", "no such file", name);
        }
        return file;
    }

    /** The path a caller knows a file by (the host path, whatever {@code root} is). */
    public String displayName(Path file) {
        return "/" + root.relativize(file);
    }

    /** The files systemd-sysctl applies at boot, in its order: by file name across the directories, then sysctl.conf. */
    public List<Path> bootOrder() {
        Map<String, Path> byName = new TreeMap<>();
        for (String dir : DIRECTORIES) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                files.filter(f -> f.getFileName().toString().endsWith(".conf") && Files.isRegularFile(f))
                        .forEach(f -> byName.putIfAbsent(f.getFileName().toString(), f));
            } catch (NoSuchFileException e) {
                // This directory does not exist on this host.
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Path> order = new ArrayList<>(byName.values());
        Path conf = root.resolve(SYSCTL_CONF);
        if (Files.isRegularFile(conf)) {
            order.add(conf);
        }
        // Debian links /etc/sysctl.d/99-sysctl.conf to ../sysctl.conf: one file, read once.
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> unique = new ArrayList<>();
        for (Path file : order) {
            if (seen.add(realPath(file))) {
                unique.add(file);
            }
        }
        return unique;
    }

    /** Every entry of the boot files that sets {@code key}, in the order they apply: the last one wins at boot. */
    public List<Entry> entriesFor(String key) {
        List<Entry> found = new ArrayList<>();
        for (Path file : bootOrder()) {
            for (Entry entry : parse(file)) {
                if (entry.key().equals(key)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /** The settings of one file, keys in dotted form; unreadable files have none. */
    public List<Entry> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            parseLine(lines.get(i)).ifPresent(kv -> entries.add(
                    new Entry(file, number, kv.key(), kv.value(), kv.ignoreErrors())));
        }
        return entries;
    }

    record KeyValue(String key, String value, boolean ignoreErrors) {
    }

    /** One line of a sysctl.d file: {@code [-]key = value}; comments ({@code #}, {@code ;}) and blanks are none. */
    static Optional<KeyValue> parseLine(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
            return Optional.empty();
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            return Optional.empty();
        }
        String key = text.substring(0, eq).strip();
        boolean ignore = key.startsWith("-");
        if (ignore) {
            key = key.substring(1).strip();
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new KeyValue(normalize(key), text.substring(eq + 1).strip(), ignore));
    }

    /**
     * A key in the dotted form: as systemd-sysctl reads them, a key whose first separator is {@code /}
     * is a path ({@code net/ipv4/conf/eth0.100/forwarding}), in which dots and slashes trade places.
     */
    static String normalize(String key) {
        int dot = key.indexOf('.');
        int slash = key.indexOf('/');
        if (slash >= 0 && (dot < 0 || slash < dot)) {
            StringBuilder sb = new StringBuilder(key.length());
            for (char c : key.toCharArray()) {
                sb.append(c == '/' ? '.' : c == '.' ? '/' : c);
            }
            return sb.toString();
        }
        return key;
    }

    /**
     * Sets {@code key = value} in {@code file} (in {@code /etc/sysctl.d}): the key's first line is
     * replaced and any later ones removed, or the setting is appended; every other line stays. A file
     * that is a symbolic link is a 409: writing it atomically would replace the link.
     */
    public void persist(Path file, String key, String value) {
        Sysctl.checkValue(value, "value");
        writing.lock();
        try {
            List<String> lines = readForEdit(file);
            List<String> edited = new ArrayList<>(lines.size() + 2);
            boolean written = false;
            for (String line : lines) {
                Optional<KeyValue> kv = parseLine(line);
                if (kv.isPresent() && kv.get().key().equals(key)) {
                    if (!written) {
                        edited.add(key + " = " + value);
                        written = true;
                    }
                } else {
                    edited.add(line);
                }
            }
            if (!written) {
                edited.add(key + " = " + value);
            }
            write(file, withMarker(edited));
        } finally {
            writing.unlock();
        }
    }

    /**
     * Removes {@code key} from the agent's files ({@code files}, or every file in {@code /etc/sysctl.d}
     * carrying the marker when empty); returns the files it was removed from, empty when none set it.
     */
    public List<Path> remove(String key, Optional<Path> only) {
        writing.lock();
        try {
            List<Path> candidates = only.map(List::of).orElseGet(this::managedFiles);
            List<Path> changed = new ArrayList<>();
            for (Path file : candidates) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                List<String> lines = readForEdit(file);
                List<String> kept = lines.stream()
                        .filter(line -> parseLine(line).map(kv -> !kv.key().equals(key)).orElse(true)).toList();
                if (kept.size() != lines.size()) {
                    write(file, kept);
                    changed.add(file);
                }
            }
            return changed;
        } finally {
            writing.unlock();
        }
    }

    /** The files in {@code /etc/sysctl.d} whose first line is the agent's marker. */
    List<Path> managedFiles() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".conf"))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(this::isManaged).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isManaged(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(MARKER::equals).orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static List<String> withMarker(List<String> lines) {
        if (!lines.isEmpty() && lines.getFirst().equals(MARKER)) {
            return lines;
        }
        List<String> marked = new ArrayList<>(lines.size() + 1);
        marked.add(MARKER);
        marked.addAll(lines);
        return marked;
    }

    private List<String> readForEdit(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw ApiException.conflict(displayName(file) + " is a symbolic link; the agent edits only regular files");
        }
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes atomically, keeping an existing file's owner and mode; a new file gets its directory's owner and 0644. */
    private void write(Path file, List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        try {
            Path owner = Files.exists(file) ? file : file.getParent();
            Set<PosixFilePermission> mode = Files.exists(file) ? Files.getPosixFilePermissions(file) : MODE;
            int uid = (Integer) Files.getAttribute(owner, "unix:uid");
            int gid = (Integer) Files.getAttribute(owner, "unix:gid");
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8), mode, uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
