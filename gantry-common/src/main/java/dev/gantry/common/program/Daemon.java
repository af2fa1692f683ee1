package dev.gantry.common.program;

import dev.gantry.common.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * What gantryd and gantry-server do alike around their own start: where their state lives, how a
 * bad configuration or a failed start is told, and how they then run until SIGTERM.
 */
public final class Daemon {
    private Daemon() {
    }

    /** A started service that runs until closed. */
    public interface Service extends AutoCloseable {
        /** Blocks until the service has stopped. */
        void join() throws InterruptedException;
    }

    /** systemd's first {@code $STATE_DIRECTORY} when set (the unit's StateDirectory=), else {@code fallback}. */
    public static Path stateDirectory(String stateDirectoryEnv, Path fallback) {
        return stateDirectoryEnv != null && !stateDirectoryEnv.isBlank()
                ? Path.of(stateDirectoryEnv.split(":")[0]) : fallback;
    }

    /** Prints every problem of a configuration, one a line, under {@code program}'s name. */
    public static void printConfigErrors(PrintStream err, String program, ConfigException e) {
        err.println(program + ": configuration error" + (e.problems().size() > 1 ? "s" : "") + ":");
        e.problems().forEach(p -> err.println("  " + p));
    }

    /**
     * Stops {@code service} on SIGTERM (a shutdown hook named {@code program-stop}) and, with
     * {@code block}, waits until it has stopped. Returns the exit code: 0.
     */
    public static int runUntilStopped(String program, Service service, boolean block, Logger log) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name(program + "-stop").unstarted(() -> {
            try {
                service.close();
            } catch (Exception e) {
                log.warn("stop: {}", e.toString());
            }
        }));
        if (block) {
            try {
                service.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /** An exception's message with its causes' messages that add something, for a one-line start error. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }
}
