package dev.gantry.testbed;

import java.util.List;

/**
 * How a command ended: its exit code and everything it wrote.
 *
 * @param command  the command as run on the host (for a box, with its {@code nsenter} prefix)
 * @param exitCode the command's exit code
 * @param stdout   standard output, decoded as UTF-8
 * @param stderr   standard error, decoded as UTF-8
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result if the command exited with 0, else throws with its whole output. */
    public ExecResult orThrow() {
        if (!succeeded()) {
            throw new BoxException(describe());
        }
        return this;
    }

    /** Standard output without surrounding white space, for one-line answers. */
    public String out() {
        return stdout.strip();
    }

    public String describe() {
        return "command " + command + " exited with " + exitCode
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
