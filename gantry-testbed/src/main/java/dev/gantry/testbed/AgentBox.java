package dev.gantry.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link SystemdBox} with the gantry .deb installed and gantryd running as its systemd unit,
 * reachable from the host over its Unix socket. Thread-safe for requests; the caller closes it.
 *
 * <p>The package is {@code gantry.deb} (a system property) if set, otherwise the newest
 * {@code ../packaging/target/gantry_*_amd64.deb} from the working directory (a module directory
 * under Maven).
 */
public final class AgentBox implements AutoCloseable {

    public static final String SOCKET = "/run/gantry/gantryd.sock";
    public static final String CONFIG = "/etc/gantry/gantryd.toml";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Any of these means gantryd is up and serving; 401/403 only say the caller is not welcome. */
    private static final Set<Integer> ANSWERING = Set.of(200, 401, 403);
    private static final Pattern SOCKET_OFF =
            Pattern.compile("(?m)^\\s*ListenUnixSocket\\s*=\\s*(false|\"false\")\\s*(#.*)?$");

    private final SystemdBox box;
    private final AgentHttp http;

    private AgentBox(SystemdBox box, AgentHttp http) {
        this.box = box;
        this.http = http;
    }

    /** Boots a box, installs the gantry package and waits until gantryd answers on its socket. */
    public static AgentBox start(String label) {
        return start(label, findDeb());
    }

    public static AgentBox start(String label, Path deb) {
        SystemdBox box = SystemdBox.boot(label);
        AgentHttp http = null;
        try {
            box.installDeb(deb);
            http = AgentHttp.over(box.hostPath(SOCKET));
            AgentBox agent = new AgentBox(box, http);
            agent.box.exec("systemctl", "start", "gantryd.service");
            agent.awaitReady(true);
            return agent;
        } catch (RuntimeException e) {
            if (http != null) {
                http.close();
            }
            box.close();
            throw e;
        }
    }

    /** The agent's socket as the host reaches it, through the box's {@code /proc/LEADER/root}. */
    public Path socket() {
        return http.socket();
    }

    /** An HTTP client bound to {@link #socket()}; closed with this box. */
    public AgentHttp http() {
        return http;
    }

    public SystemdBox box() {
        return box;
    }

    /**
     * {@code systemctl restart gantryd}, then waits until the socket answers again. Works on a
     * unit that failed or hit its start limit too (it resets that first).
     */
    public void restartAgent() {
        box.exec("systemctl", "reset-failed", "gantryd.service");
        ExecResult restart = box.exec("systemctl", "restart", "gantryd.service");
        if (!restart.succeeded()) {
            throw new BoxException("systemctl restart gantryd failed\n" + restart.describe() + "\n" + journal(60));
        }
        awaitReady(!SOCKET_OFF.matcher(box.readFile(CONFIG)).find());
    }

    /**
     * Replaces {@code /etc/gantry/gantryd.toml} and restarts gantryd. Waits until the socket
     * answers, or, when the new file sets {@code ListenUnixSocket = false}, until the unit is
     * active (the caller then probes TCP itself, e.g. with {@code box().exec("curl", ...)}).
     */
    public void configure(String toml) {
        box.writeFile(CONFIG, toml);
        restartAgent();
    }

    /** The unit's last journal lines, for failure messages. */
    public String journal(int lines) {
        return box.exec("journalctl", "-u", "gantryd.service", "-n", Integer.toString(lines), "--no-pager").stdout();
    }

    /** Stops the box (and with it gantryd) and closes the HTTP client. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            box.close();
        }
    }

    @Override
    public String toString() {
        return "AgentBox[" + box + "]";
    }

    /** The package to install: {@code gantry.deb} if set, else the newest one packaging built. */
    public static Path findDeb() {
        String property = System.getProperty("gantry.deb");
        if (property != null && !property.isBlank()) {
            Path deb = Path.of(property);
            if (!Files.isRegularFile(deb)) {
                throw new BoxException("gantry.deb=" + property + " is not a file; build it with: ./mvnw -pl packaging -am package");
            }
            return deb;
        }
        Path target = Path.of("..", "packaging", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("gantry_.+_amd64\\.deb"))
                    .sorted(Comparator.comparing(AgentBox::modified).reversed()).toList();
            if (!debs.isEmpty()) {
                return debs.getFirst();
            }
        } catch (IOException e) {
            // reported below, with the remedy
        }
        throw new BoxException("no gantry_*_amd64.deb in " + target + "; build it with: ./mvnw -pl packaging -am package");
    }

    private void awaitReady(boolean socketExpected) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "not started";
        while (System.nanoTime() < deadline) {
            String state = box.exec("systemctl", "show", "-p", "ActiveState", "--value", "gantryd.service").out();
            if (state.equals("failed")) {
                throw new BoxException("gantryd.service failed in " + box + "\n" + journal(60));
            }
            if (!socketExpected && state.equals("active")) {
                return;
            }
            if (socketExpected && Files.exists(socket())) {
                try {
                    int status = http.get("/api/v1/agent").status();
                    if (ANSWERING.contains(status)) {
                        return;
                    }
                    last = "GET /api/v1/agent answered " + status;
                } catch (UncheckedIOException e) {
                    last = e.getMessage();
                }
            } else {
                last = "unit " + state + (socketExpected ? ", no socket yet" : "");
            }
            sleep();
        }
        throw new BoxException("gantryd not ready after " + READY_TIMEOUT.toSeconds() + " s (" + last + ") in "
                + box + "\n" + journal(60));
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BoxException("interrupted while waiting for gantryd", e);
        }
    }
}
