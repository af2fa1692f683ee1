package dev.gantry.agent.backend.exec;

import dev.gantry.common.http.ApiException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a program with an argument vector, never through a shell, in a fixed environment
 * ({@code PATH}, {@code LANG=C.UTF-8}) so that its messages read the same everywhere. Used for writes
 * that have no D-Bus or netlink interface (the shadow tools, nft, systemd-run) and never for reads
 * that /proc, /sys or a file can answer.
 */
public final class Command {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");
    private static final int MAX_OUTPUT = 1 << 20;

    private Command() {
    }

    /** What a program printed and how it ended. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last line of stderr (or stdout), which is where these tools say what went wrong. */
        public String reason() {
            String text = stderr.isBlank() ? stdout : stderr;
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, new byte[0], timeout);
    }

    /**
     * Runs {@code argv} with {@code stdin} as its input. A program that cannot be started is a 503
     * (the host lacks a tool it should have); one that outlives {@code timeout} is killed and is a 503 too.
     */
    public static Result run(List<String> argv, byte[] stdin, Duration timeout) {
        return run(argv, stdin, timeout, MAX_OUTPUT);
    }

    /**
     * As {@link #run(List, byte[], Duration)}, keeping up to {@code maxOutput} bytes of each stream
     * (the default is 1 MiB); for programs whose output is the answer, such as a large ruleset.
     */
    public static Result run(List<String> argv, byte[] stdin, Duration timeout, int maxOutput) {
        Process process = start(argv);
        CompletableFuture<String> out = drain(process.getInputStream(), maxOutput);
        CompletableFuture<String> err = drain(process.getErrorStream(), maxOutput);
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The program closed its input early; its exit code and stderr say why.
        }
        return await(argv, process, out, err, timeout);
    }

    /**
     * Runs {@code argv} with no input and hands each line of its standard output to {@code onLine} as
     * it arrives (on another thread), for tools that report progress while they work (apt-get's
     * status lines). The result still holds the whole output, capped like {@link #run}. Interrupting the
     * caller kills the program.
     */
    public static Result stream(List<String> argv, Duration timeout, Consumer<String> onLine) {
        Process process = start(argv);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to write
        }
        CompletableFuture<String> out = lines(process.getInputStream(), onLine);
        CompletableFuture<String> err = drain(process.getErrorStream(), MAX_OUTPUT);
        return await(argv, process, out, err, timeout);
    }

    private static Process start(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(ENVIRONMENT);
        try {
            return builder.start();
        } catch (IOException e) {
            throw ApiException.unavailable(argv.getFirst(), "cannot run " + argv.getFirst() + ": " + e.getMessage());
        }
    }

    private static Result await(List<String> argv, Process process, CompletableFuture<String> out,
                                CompletableFuture<String> err, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw ApiException.unavailable(argv.getFirst(), argv.getFirst() + " did not finish within " + timeout);
            }
            return new Result(List.copyOf(argv), process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(argv.getFirst(), "interrupted while waiting for " + argv.getFirst());
        }
    }

    private static CompletableFuture<String> lines(InputStream stream, Consumer<String> onLine) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            StringBuilder all = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (all.length() < MAX_OUTPUT) {
                        all.append(line, 0, Math.min(line.length(), MAX_OUTPUT - all.length())).append('\n');
                    }
                    try {
                        onLine.accept(line);
                    } catch (RuntimeException e) {
                        // a listener's failure must not stop the draining, or the program would block
                    }
                }
                text.complete(all.toString());
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }

    private static CompletableFuture<String> drain(InputStream stream, int maxOutput) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                int n;
                while ((n = stream.read(chunk)) >= 0) {
                    if (buffer.size() < maxOutput) {
                        buffer.write(chunk, 0, Math.min(n, maxOutput - buffer.size()));
                    }
                }
                text.complete(buffer.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
