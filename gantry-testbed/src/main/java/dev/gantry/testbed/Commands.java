package dev.gantry.testbed;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs host commands with a deadline, capturing both output streams. */
final class Commands {

    /**
     * The environment every command gets, instead of the JVM's: commands in a box should not see
     * Maven's or the IDE's variables, and their output should not depend on the caller's locale.
     */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG", "C.UTF-8",
            "HOME", "/root",
            "SYSTEMD_COLORS", "0",
            "SYSTEMD_PAGER", "");

    /** How long output may still arrive after the command exited, e.g. from a child it left behind. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private Commands() {
    }

    static ExecResult run(List<String> command, Duration timeout) {
        return run(command, timeout, Redirect.from(new File("/dev/null")), null);
    }

    static ExecResult run(List<String> command, Duration timeout, Path input) {
        return run(command, timeout, Redirect.from(input.toFile()), null);
    }

    static ExecResult run(List<String> command, Duration timeout, byte[] input) {
        return run(command, timeout, Redirect.PIPE, input);
    }

    private static ExecResult run(List<String> command, Duration timeout, Redirect stdin, byte[] piped) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(stdin);
        builder.environment().clear();
        builder.environment().putAll(ENVIRONMENT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BoxException("cannot run " + command + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), out));
        Thread errReader = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
        if (piped != null) {
            Thread.ofVirtual().start(() -> feed(process.getOutputStream(), piped));
        }
        try {
            if (!process.waitFor(timeout)) {
                // nsenter forks the command into the box's PID namespace: kill that child too.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                outReader.join(DRAIN);
                errReader.join(DRAIN);
                throw new BoxException("command " + command + " did not finish within " + timeout
                        + "\n--- stdout so far ---\n" + text(out) + "\n--- stderr so far ---\n" + text(err));
            }
            outReader.join(DRAIN);
            errReader.join(DRAIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BoxException("interrupted while running " + command, e);
        }
        return new ExecResult(command, process.exitValue(), text(out), text(err));
    }

    private static void copy(InputStream from, OutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read so far is kept.
        }
    }

    private static void feed(OutputStream to, byte[] bytes) {
        try (to) {
            to.write(bytes);
        } catch (IOException e) {
            // The command exited without reading all of its input; its exit code tells the caller.
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
