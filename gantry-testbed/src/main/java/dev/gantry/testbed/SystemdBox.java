package dev.gantry.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A disposable systemd host: this machine's own OS booted with {@code systemd-nspawn}, systemd as
 * PID 1, its own D-Bus, network (a veth pair) and writable but throw-away {@code /etc}, {@code /usr}
 * and {@code /var}, so that packages can be installed in it. Nothing written inside reaches the host.
 *
 * <p>Needs root and the {@code systemd-container} package. Boots in about three seconds. Commands
 * run inside through {@code nsenter} into every namespace of the box's init. Thread-safe; the
 * caller closes it, and a JVM shutdown hook stops any box still running (see {@link BoxRegistry}).
 */
public final class SystemdBox implements AutoCloseable {

    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 60;

    /**
     * Global by necessity: a shutdown hook is per JVM, and it must reach every box of the JVM.
     * State files go to {@code gantry.testbed.dir} (failsafe sets the module's target/).
     */
    private static final BoxRegistry REGISTRY = BoxRegistry.install(
            Path.of(System.getProperty("gantry.testbed.dir", "target"), "systemd-boxes"));

    private final String label;
    private final String machine;
    private final Process nspawn;
    private final long leader;
    private final WorkDir workDir;
    private final Duration bootTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SystemdBox(String label, String machine, Process nspawn, long leader, WorkDir workDir, Duration bootTime) {
        this.label = label;
        this.machine = machine;
        this.nspawn = nspawn;
        this.leader = leader;
        this.workDir = workDir;
        this.bootTime = bootTime;
    }

    /**
     * Boots a box and waits until {@code systemctl is-system-running} says running or degraded
     * (degraded is normal: some host services fail in a box with an empty /var).
     *
     * @param label names the box in logs and records; the machine name itself is always
     *              {@code gt-} and 8 random hex digits, so that the host's veth name
     *              {@code ve-gt-XXXXXXXX} fits the kernel's 15 characters and is unique in practice
     * @throws BoxException if it is not up within 60 s; the box is then stopped and the message
     *                      ends with its console log
     */
    public static SystemdBox boot(String label) {
        requireRoot();
        String machine = BoxRegistry.MACHINE_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        WorkDir workDir = WorkDir.create(machine);
        long started = System.nanoTime();
        Process nspawn = startNspawn(machine, workDir.consoleLog());
        REGISTRY.add(nspawn, machine, workDir, label);
        try {
            long leader = awaitRunning(nspawn, started);
            return new SystemdBox(label, machine, nspawn, leader, workDir, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            String tail = workDir.consoleTail(LOG_TAIL_LINES);
            stop(nspawn, workDir);
            throw new BoxException("box " + machine + " (" + label + ") did not boot: " + e.getMessage()
                    + "\n--- console log (last " + LOG_TAIL_LINES + " lines) ---\n" + tail, e);
        }
    }

    /** Runs a command as root in the box, with a 60 s deadline. */
    public ExecResult exec(String... command) {
        return exec(DEFAULT_EXEC_TIMEOUT, command);
    }

    /** Runs a command as root in the box; throws {@link BoxException} if it outlives the deadline. */
    public ExecResult exec(Duration timeout, String... command) {
        return Commands.run(inBox(command), timeout);
    }

    /**
     * Runs a command in the box as {@code user}, with that user's primary group, supplementary
     * groups and a fresh login-like environment (HOME, USER, PATH...), and a 60 s deadline.
     */
    public ExecResult execAs(String user, String... command) {
        List<String> full = new ArrayList<>(List.of("sh", "-c",
                "exec setpriv --reuid=\"$0\" --regid=\"$(id -g \"$0\")\" --init-groups --reset-env -- \"$@\"", user));
        full.addAll(List.of(command));
        return exec(DEFAULT_EXEC_TIMEOUT, full.toArray(String[]::new));
    }

    /** Writes a file in the box as root (mode from root's umask), creating missing directories. */
    public void writeFile(String pathInBox, String content) {
        requireAbsolute(pathInBox);
        // Through the box's own root, not hostPath(): an absolute symlink inside would otherwise
        // be followed on the host.
        Commands.run(inBox("sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", pathInBox),
                DEFAULT_EXEC_TIMEOUT, content.getBytes(StandardCharsets.UTF_8)).orThrow();
    }

    /** Reads a text file in the box; throws {@link BoxException} if it cannot be read. */
    public String readFile(String pathInBox) {
        requireAbsolute(pathInBox);
        return exec("cat", "--", pathInBox).orThrow().stdout();
    }

    /**
     * The box's file as the host sees it, through {@code /proc/LEADER/root}: valid while the box
     * runs. Good for Unix sockets and plain files; an absolute symlink on the way would be
     * resolved against the host's root, so use {@link #readFile} and {@link #writeFile} for
     * anything under /etc.
     */
    public Path hostPath(String pathInBox) {
        requireAbsolute(pathInBox);
        return Path.of("/proc", Long.toString(leader), "root", pathInBox.substring(1));
    }

    /** Installs a .deb with {@code dpkg -i}; throws with dpkg's output if it fails. */
    public void installDeb(Path deb) {
        if (!Files.isRegularFile(deb)) {
            throw new BoxException("no package at " + deb.toAbsolutePath());
        }
        String copy = "/tmp/" + deb.getFileName();
        Commands.run(inBox("sh", "-c", "cat > \"$1\"", "sh", copy), INSTALL_TIMEOUT, deb).orThrow();
        ExecResult dpkg = exec(INSTALL_TIMEOUT, "env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "-i", copy);
        exec("rm", "-f", copy);
        if (!dpkg.succeeded()) {
            throw new BoxException("dpkg -i " + deb.getFileName() + " failed in box " + machine + "\n" + dpkg.describe());
        }
    }

    /** The host PID of the box's init (PID 1 inside). */
    public long leaderPid() {
        return leader;
    }

    /** The host PID of the systemd-nspawn process this box was started as. */
    public long nspawnPid() {
        return nspawn.pid();
    }

    /** The machine name and hostname inside: {@code gt-} and 8 hex digits. */
    public String machineName() {
        return machine;
    }

    public String label() {
        return label;
    }

    /** From starting nspawn to systemd reporting running or degraded. */
    public Duration bootTime() {
        return bootTime;
    }

    /** The last lines of the box's console (systemd's boot messages), for failure reports. */
    public String consoleTail(int lines) {
        return workDir.consoleTail(lines);
    }

    /**
     * Stops the box: SIGTERM to the nspawn process this box started (a clean halt), SIGKILL after
     * 10 s. Waits until it is gone, then deletes the box's temporary files. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(nspawn, workDir);
        }
    }

    @Override
    public String toString() {
        return "SystemdBox[" + machine + " " + label + ", leader " + leader + "]";
    }

    private List<String> inBox(String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(leader), "-a"));
        full.addAll(List.of(command));
        return full;
    }

    private static Process startNspawn(String machine, Path log) {
        List<String> command = List.of("systemd-nspawn", "-D", "/", "--volatile=yes",
                "--overlay=/etc::/etc", "--overlay=/usr::/usr", "--overlay=/var::/var",
                "--register=no", "--keep-unit", "-M", machine, "--uuid=" + UUID.randomUUID(),
                // The box's machine id is its own, but /var/log/journal is the host's; do not link.
                "--link-journal=no",
                "--network-veth", "--boot", "--console=pipe");
        try {
            return new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new BoxException("cannot start systemd-nspawn (is systemd-container installed?): " + e.getMessage(), e);
        }
    }

    /** Finds the box's init, then polls systemd's state; returns the init's host PID. */
    private static long awaitRunning(Process nspawn, long startedNanos) {
        long deadline = startedNanos + BOOT_TIMEOUT.toNanos();
        Optional<Long> leader = Optional.empty();
        String state = "no init process yet";
        while (System.nanoTime() < deadline) {
            if (!nspawn.isAlive()) {
                throw new BoxException("systemd-nspawn exited with " + nspawn.exitValue());
            }
            if (leader.isEmpty()) {
                leader = findLeader(nspawn);
            }
            if (leader.isPresent()) {
                ExecResult probe = Commands.run(List.of("nsenter", "-t", leader.get().toString(), "-a",
                        "systemctl", "is-system-running"), PROBE_TIMEOUT);
                state = probe.out().isEmpty() ? probe.stderr().strip() : probe.out();
                if (state.equals("running") || state.equals("degraded")) {
                    return leader.get();
                }
            }
            sleep(POLL);
        }
        throw new BoxException("not running after " + BOOT_TIMEOUT.toSeconds() + " s; last state: " + state);
    }

    /** The box's init is the child of nspawn that is PID 1 in its own PID namespace. */
    private static Optional<Long> findLeader(Process nspawn) {
        return nspawn.children().map(ProcessHandle::pid)
                .filter(pid -> ProcFs.innermostPid(pid).equals(Optional.of(1L)))
                .findFirst();
    }

    private static void stop(Process nspawn, WorkDir workDir) {
        BoxRegistry.stop(List.of(nspawn.toHandle()));
        REGISTRY.remove(nspawn);
        workDir.delete();
    }

    private static void requireRoot() {
        if (ProcFs.currentUid() != 0) {
            throw new BoxException("booting a systemd box needs root (systemd-nspawn, nsenter)");
        }
    }

    private static void requireAbsolute(String pathInBox) {
        if (!pathInBox.startsWith("/")) {
            throw new IllegalArgumentException("path in box must be absolute: " + pathInBox);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoxException("interrupted while waiting for a box", e);
        }
    }
}
