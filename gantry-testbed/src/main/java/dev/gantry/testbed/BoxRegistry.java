package dev.gantry.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps track of the boxes this JVM started, so that none outlives it.
 *
 * <p>Each JVM records its boxes in its own file {@code jvm-PID-START.pids} under the state
 * directory (one line per box: nspawn PID, its start time, machine name, work directory, label).
 * A JVM stopped normally (end of tests, Ctrl-C, a failsafe timeout) stops its boxes in a shutdown
 * hook. A JVM killed outright cannot, so the next one reads the files of JVMs that are gone and
 * stops those boxes, but only a process that is still the recorded one: same start time, and a
 * command line of {@code systemd-nspawn} with a {@code gt-} machine name. Files of live JVMs
 * (parallel forks) are left alone. Either way the boxes' work directories are deleted too.
 */
final class BoxRegistry {

    static final String MACHINE_PREFIX = "gt-";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final Path ownFile;
    private final Map<Long, Entry> running = new ConcurrentHashMap<>();

    /** One box: the nspawn process, what identifies it later, and its files on the host. */
    record Entry(long pid, long startMillis, String machine, Path workDir, String label) {

        String line() {
            return pid + " " + startMillis + " " + machine + " " + workDir + " " + label.replaceAll("\\s+", "_");
        }

        static Optional<Entry> parse(String line) {
            String[] f = line.trim().split(" ", 5);
            try {
                return f.length == 5
                        ? Optional.of(new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], Path.of(f[3]), f[4]))
                        : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        void deleteWorkDir() {
            WorkDir.of(workDir, machine).ifPresent(WorkDir::delete);
        }
    }

    BoxRegistry(Path directory) {
        this.directory = directory;
        ProcessHandle self = ProcessHandle.current();
        this.ownFile = directory.resolve(fileName(self.pid(), ProcFs.startMillis(self.pid()).orElse(0L)));
    }

    /** The registry for this JVM: cleans up after dead JVMs and stops this JVM's boxes at exit. */
    static BoxRegistry install(Path directory) {
        BoxRegistry registry = new BoxRegistry(directory);
        registry.stopLeftovers();
        Runtime.getRuntime().addShutdownHook(
                Thread.ofPlatform().name("gantry-testbed-box-reaper").unstarted(registry::stopAll));
        return registry;
    }

    void add(Process nspawn, String machine, WorkDir workDir, String label) {
        long pid = nspawn.pid();
        running.put(pid, new Entry(pid, ProcFs.startMillis(pid).orElse(0L), machine, workDir.path(), label));
        save();
    }

    void remove(Process nspawn) {
        running.remove(nspawn.pid());
        save();
    }

    /** Stops, in parallel, every box this JVM still has. */
    void stopAll() {
        List<ProcessHandle> handles = new ArrayList<>();
        for (Entry entry : running.values()) {
            ProcessHandle.of(entry.pid()).ifPresent(handles::add);
        }
        stop(handles);
        running.values().forEach(Entry::deleteWorkDir);
        running.clear();
        save();
    }

    /** Stops the boxes that JVMs no longer running left behind, and forgets their files. */
    void stopLeftovers() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Entry> staleEntries = new ArrayList<>();
        List<Path> deadFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "jvm-*.pids")) {
            for (Path file : files) {
                if (!file.equals(ownFile) && !ownerAlive(file)) {
                    deadFiles.add(file);
                    for (String line : Files.readAllLines(file)) {
                        Entry.parse(line).ifPresent(staleEntries::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the box records in " + directory, e);
        }
        stop(staleEntries.stream().filter(BoxRegistry::stillThatBox)
                .flatMap(e -> ProcessHandle.of(e.pid()).stream()).toList());
        // Boxes long gone (their PID reused or free) still left their work directories behind.
        staleEntries.forEach(Entry::deleteWorkDir);
        for (Path file : deadFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** True only if the PID still names the nspawn process that was recorded. */
    static boolean stillThatBox(Entry entry) {
        if (!entry.machine().startsWith(MACHINE_PREFIX)
                || !ProcFs.startMillis(entry.pid()).equals(Optional.of(entry.startMillis()))) {
            return false;
        }
        List<String> argv = ProcFs.commandLine(entry.pid());
        int m = argv.indexOf("-M");
        return !argv.isEmpty() && argv.getFirst().endsWith("systemd-nspawn")
                && m >= 0 && m + 1 < argv.size() && argv.get(m + 1).equals(entry.machine());
    }

    /**
     * SIGTERM makes nspawn halt the box cleanly (about 1.5 s); after {@link #STOP_TIMEOUT}, SIGKILL
     * to the box's init (which ends its whole PID namespace) and to nspawn ends it for sure.
     */
    static void stop(List<ProcessHandle> nspawns) {
        nspawns.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle nspawn : nspawns) {
            if (!awaitExit(nspawn, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                nspawn.children().forEach(ProcessHandle::destroyForcibly);
                nspawn.destroyForcibly();
                awaitExit(nspawn, STOP_TIMEOUT);
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private boolean ownerAlive(Path file) {
        String[] parts = file.getFileName().toString().split("[-.]");
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            return ProcFs.startMillis(pid).equals(Optional.of(start));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private synchronized void save() {
        try {
            if (running.isEmpty()) {
                Files.deleteIfExists(ownFile);
                return;
            }
            Files.createDirectories(directory);
            List<String> lines = running.values().stream().map(Entry::line).toList();
            Path tmp = ownFile.resolveSibling(ownFile.getFileName() + ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, ownFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the running boxes in " + ownFile, e);
        }
    }

    static String fileName(long pid, long startMillis) {
        return "jvm-" + pid + "-" + startMillis + ".pids";
    }
}
