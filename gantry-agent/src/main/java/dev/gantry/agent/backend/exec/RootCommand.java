package dev.gantry.agent.backend.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one program as root in a transient systemd unit, for the few writes the kernel allows only
 * to uid 0 whatever the capabilities (sysctls outside {@code net.*}, dpkg and the package managers). {@code systemd-run --wait --pipe}
 * passes input and output through and exits with the program's code; the polkit rule installed with
 * the package lets user gantry start transient units. The agent itself stays unprivileged.
 */
public final class RootCommand {
    private RootCommand() {
    }

    public static Command.Result run(List<String> argv, Duration timeout) {
        return Command.run(wrap(argv), timeout);
    }

    /**
     * As {@link #run}, handing each line of the program's standard output to {@code onLine} as it
     * arrives ({@link Command#stream}); for long root operations that report progress (apt-get, dnf).
     */
    public static Command.Result stream(List<String> argv, Duration timeout, Consumer<String> onLine) {
        return Command.stream(wrap(argv), timeout, onLine);
    }

    /** The {@code systemd-run} command line that runs {@code argv} as root. */
    static List<String> wrap(List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("systemd-run", "--system", "--quiet", "--wait", "--pipe",
                "--collect", "--service-type=exec", "--description=gantryd: " + argv.getFirst(),
                "--"));
        wrapped.addAll(argv);
        return wrapped;
    }
}
