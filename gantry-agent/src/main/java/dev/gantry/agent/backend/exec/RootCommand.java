package dev.gantry.agent.backend.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one program as root in a transient systemd unit, for the few writes the kernel allows only
 * to uid 0 whatever the capabilities (sysctls outside {@code net.*}). {@code systemd-run --wait --pipe}
 * passes input and output through and exits with the program's code; the polkit rule installed with
 * the package lets user gantry start transient units. The agent itself stays unprivileged.
 */
public final class RootCommand {
    private RootCommand() {
    }

    public static Command.Result run(List<String> argv, Duration timeout) {
        List<String> wrapped = new ArrayList<>(List.of("systemd-run", "--system", "--quiet", "--wait", "--pipe",
                "--collect", "--service-type=exec", "--description=gantryd: " + argv.getFirst(),
                "--"));
        wrapped.addAll(argv);
        return Command.run(wrapped, timeout);
    }
}
