package dev.gantry.agent.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one script: no arguments, the event's environment only (plus PATH), working directory {@code /},
 * stdout and stderr logged line by line under the script's name. At its timeout the script and what
 * it started get SIGTERM, and SIGKILL {@link #KILL_GRACE} later.
 *
 * <p>Scripts inherit the agent's ambient capabilities (CAP_NET_ADMIN among them, see gantryd.service),
 * so {@code ip rule} and {@code ip route} work in them although they run as user gantry.
 */
final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** How long output still drains after the script ended: a daemon it started may hold the pipe open. */
    private static final long DRAIN_MILLIS = 1000;

    private final Duration timeout;

    ScriptRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * How a run ended: {@code exited} (with its code), {@code timeout} (killed), or {@code failed} to start.
     * {@code startedNanos} is {@link System#nanoTime()} when the process had been started.
     */
    record Outcome(String result, Integer exitCode, Duration duration, String detail, long startedNanos) {
    }

    Outcome run(String name, Path script, Map<String, String> environment) {
        ProcessBuilder pb = new ProcessBuilder(script.toString()).directory(Path.of("/").toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            LOG.warn("{}: cannot start: {}", name, e.getMessage());
            return new Outcome("failed", null, Duration.ofNanos(System.nanoTime() - start), e.getMessage(), start);
        }
        long started = System.nanoTime();
        Thread output = Thread.ofVirtual().name("script-output").start(() -> log(name, process));
        try {
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                LOG.warn("{}: still running after {} s; sending SIGTERM", name, timeout.toSeconds());
                signal(process, false);
                if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{}: still running {} s after SIGTERM; sending SIGKILL", name, KILL_GRACE.toSeconds());
                    signal(process, true);
                    process.waitFor();
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            output.join(DRAIN_MILLIS);
            if (!done) {
                return new Outcome("timeout", process.exitValue(), took, "killed after " + timeout.toSeconds() + " s",
                        started);
            }
            int code = process.exitValue();
            if (code != 0) {
                LOG.warn("{}: exited with {}", name, code);
            }
            return new Outcome("exited", code, took, null, started);
        } catch (InterruptedException e) {
            signal(process, true);
            Thread.currentThread().interrupt();
            return new Outcome("failed", null, Duration.ofNanos(System.nanoTime() - start), "the agent is stopping",
                    started);
        }
    }

    /** The script's descendants first, so that a shell waiting for its child does not outlive the signal. */
    private static void signal(Process process, boolean kill) {
        process.descendants().forEach(p -> {
            if (kill) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        });
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    private static void log(String name, Process process) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                LOG.info("{}: {}", name, line);
            }
        } catch (IOException e) {
            // the pipe closed under us when the script was killed
        }
    }
}
