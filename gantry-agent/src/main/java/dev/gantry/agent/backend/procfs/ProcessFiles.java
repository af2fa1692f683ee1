package dev.gantry.agent.backend.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The per-process files beyond stat and status. Every method answers empty when the file cannot be
 * read, whether the process ended or the kernel refuses (io and fd need ptrace access: the process's
 * own user, or CAP_SYS_PTRACE), so a caller can report what it could read.
 */
public final class ProcessFiles {
    private ProcessFiles() {
    }

    /** An open file descriptor and what it points to ({@code /var/log/x}, {@code socket:[123]}, {@code pipe:[45]}). */
    public record OpenFile(int fd, String target) {
    }

    /** A line of {@code /proc/<pid>/cgroup}: hierarchy 0 with empty controllers is cgroup v2. */
    public record Cgroup(int hierarchy, List<String> controllers, String path) {
        public Cgroup {
            controllers = List.copyOf(controllers);
        }
    }

    static Path dir(Path root, int pid) {
        return root.resolve("proc").resolve(Integer.toString(pid));
    }

    /** Whether {@code /proc/<pid>} exists. */
    public static boolean exists(Path root, int pid) {
        return Files.isDirectory(dir(root, pid));
    }

    /** The owner of {@code /proc/<pid>}: the process's effective uid, the user ps(1) shows. */
    public static OptionalInt uid(Path root, int pid) {
        int fast = NativeFiles.ownerUid(dir(root, pid).toString());
        if (fast >= 0) {
            return OptionalInt.of(fast);
        }
        try {
            return OptionalInt.of((Integer) Files.getAttribute(dir(root, pid), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The arguments (NUL-separated in the file); an empty list for kernel threads and zombies. */
    public static Optional<List<String>> cmdline(Path root, int pid) {
        return ProcText.readToEndIfPresent(dir(root, pid).resolve("cmdline")).map(ProcessFiles::splitNul);
    }

    static List<String> splitNul(byte[] b) {
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                args.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < b.length) {
            args.add(new String(b, start, b.length - start, StandardCharsets.UTF_8));
        }
        return args;
    }

    /** {@code /proc/<pid>/io}: rchar, wchar, syscr, syscw, read_bytes, write_bytes, cancelled_write_bytes. */
    public static Optional<Map<String, Long>> io(Path root, int pid) {
        return ProcText.readIfPresent(dir(root, pid).resolve("io")).map(KeyValues::parse);
    }

    /** The open file descriptors by number, or empty if the fd directory is not readable. */
    public static Optional<List<OpenFile>> openFiles(Path root, int pid) {
        List<OpenFile> files = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir(root, pid).resolve("fd"))) {
            for (Path fd : fds) {
                int n = Pids.parse(fd.getFileName().toString());
                if (n < 0) {
                    continue;
                }
                try {
                    files.add(new OpenFile(n, Files.readSymbolicLink(fd).toString()));
                } catch (java.nio.file.NoSuchFileException e) {
                    // Closed between the listing and the read.
                } catch (IOException e) {
                    // CAP_DAC_OVERRIDE lists another user's fd directory, but the links need ptrace access.
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        files.sort(Comparator.comparingInt(OpenFile::fd));
        return Optional.of(files);
    }

    /** The stat of each thread under {@code /proc/<pid>/task}; empty if the process is gone. */
    public static Optional<List<ProcessStat>> threads(Path root, int pid) {
        Path task = dir(root, pid).resolve("task");
        int[] tids;
        try {
            tids = Pids.list(task);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<ProcessStat> threads = new ArrayList<>(tids.length);
        for (int tid : tids) {
            ProcessStat.readFile(task.resolve(Integer.toString(tid)).resolve("stat")).ifPresent(threads::add);
        }
        return Optional.of(threads);
    }

    public static Optional<List<Cgroup>> cgroups(Path root, int pid) {
        return ProcText.readIfPresent(dir(root, pid).resolve("cgroup")).map(ProcessFiles::parseCgroups);
    }

    /** {@code hierarchy:controller,list:/path}; malformed lines are skipped. */
    static List<Cgroup> parseCgroups(byte[] b) {
        ProcText t = new ProcText(b);
        List<Cgroup> groups = new ArrayList<>();
        while (!t.atEnd()) {
            String id = t.until(':');
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            String controllers = t.until(':');
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            String path = t.restOfLine();
            int hierarchy = Pids.parse(id);
            if (hierarchy < 0) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String c : controllers.split(",")) {
                if (!c.isEmpty()) {
                    names.add(c);
                }
            }
            groups.add(new Cgroup(hierarchy, names, path));
        }
        return groups;
    }
}
