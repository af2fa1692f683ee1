package dev.gantry.agent.backend.journal;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A unit's journal through {@code journalctl -o json}, which the agent may read as a member of group
 * systemd-journal. journalctl is used rather than reading journal files directly: their format is
 * systemd's private business, and the reader handles rotation, compression and file sets for us.
 */
public final class Journal {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A line of the follow stream that is no entry but tells the reader the process ended. */
    public static final String END = "";

    private Journal() {
    }

    /** The last {@code lines} entries of {@code unit} as journalctl's JSON lines, oldest first. */
    public static List<String> tail(String unit, int lines) {
        Command.Result result = Command.run(argv(unit, lines, false), TIMEOUT);
        if (!result.ok()) {
            throw new ApiException(500, "journal-error", "Cannot read the journal", "journalctl: " + result.reason());
        }
        List<String> out = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> argv(String unit, int lines, boolean follow) {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "json", "-u", unit,
                "-n", Integer.toString(lines)));
        if (follow) {
            argv.add("-f");
        }
        return argv;
    }

    /** A running {@code journalctl -f}: lines come through {@link #next}; {@link #close} kills it. */
    public static final class Follow implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(10_000);

        private Follow(Process process) {
            this.process = process;
            Thread.ofVirtual().name("journal-follow").start(this::pump);
        }

        private void pump() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.put(line);
                    }
                }
            } catch (IOException e) {
                // The process was killed: the stream is over.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lines.offer(END);
            }
        }

        /** The next JSON line, {@link #END} once journalctl ended, or null if none came within {@code wait}. */
        public String next(Duration wait) throws InterruptedException {
            return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts following {@code unit}'s journal after its last {@code lines} entries; the caller closes it. */
    public static Follow follow(String unit, int lines) {
        ProcessBuilder builder = new ProcessBuilder(argv(unit, lines, true));
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8"));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            return new Follow(builder.start());
        } catch (IOException e) {
            throw ApiException.unavailable("journalctl", "cannot run journalctl: " + e.getMessage());
        }
    }
}
