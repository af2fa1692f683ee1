package dev.gantry.agent.backend.exec;

import dev.gantry.common.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one program as root in a transient systemd unit, for the few writes the kernel allows only
 * to uid 0 whatever the capabilities (sysctls outside {@code net.*}, dpkg and the package managers).
 * {@code systemd-run --wait --pipe} passes input and output through and exits with the program's
 * code; the polkit rule installed with the package lets user gantry start (and stop) transient units.
 * The agent itself stays unprivileged.
 */
public final class RootCommand {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    private RootCommand() {
    }

    public static Command.Result run(List<String> argv, Duration timeout) {
        return Command.run(wrap(argv, null), timeout);
    }

    /**
     * As {@link #run}, handing each line of the program's standard output to {@code onLine} as it
     * arrives ({@link Command#stream}); for long root operations that report progress (apt-get, dnf).
     * The unit has its own name, so that when the caller is interrupted (a cancelled job) or the
     * timeout passes, the unit is stopped as well: killing {@code systemd-run} alone would leave the
     * program running as root with nobody reading it.
     */
    public static Command.Result stream(List<String> argv, Duration timeout, Consumer<String> onLine) {
        String unit = "gantryd-root-" + UUID.randomUUID() + ".service";
        try {
            return Command.stream(wrap(argv, unit), timeout, onLine);
        } catch (ApiException e) {
            stop(unit);
            throw e;
        }
    }

    /** Stops the unit and waits until it has stopped; with the caller's interrupt held back meanwhile. */
    private static void stop(String unit) {
        boolean interrupted = Thread.interrupted();
        try {
            Command.run(List.of("systemctl", "stop", unit), STOP_TIMEOUT);
        } catch (ApiException ignored) {
            // the unit may be gone already; the original failure is what the caller reports
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The {@code systemd-run} command line that runs {@code argv} as root, in unit {@code unit} if given. */
    static List<String> wrap(List<String> argv, String unit) {
        List<String> wrapped = new ArrayList<>(List.of("systemd-run", "--system", "--quiet", "--wait", "--pipe",
                "--collect", "--service-type=exec", "--description=gantryd: " + argv.getFirst()));
        if (unit != null) {
            wrapped.add("--unit=" + unit);
        }
        wrapped.add("--");
        wrapped.addAll(argv);
        return wrapped;
    }
}
