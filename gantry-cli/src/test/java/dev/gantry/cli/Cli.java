package dev.gantry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs gantry in-process, as a user would from a shell whose TZ is Europe/Berlin (UTC+2 in summer). */
final class Cli {
    /** When the CLI's own clock says an event arrived. */
    static final Instant NOW = Instant.parse("2026-05-31T12:30:00Z");

    record Run(int exit, String out, String err) {
    }

    private Cli() {
    }

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        return run(env, new StringWriter(), new StringWriter(), args);
    }

    /** With stdout and stderr going to writers a test may read while the command runs. */
    static Run run(StringWriter out, StringWriter err, String... args) {
        return run(Map.of(), out, err, args);
    }

    static Run run(Map<String, String> env, StringWriter out, StringWriter err, String... args) {
        Map<String, String> all = new HashMap<>(Map.of("TZ", "Europe/Berlin"));
        all.putAll(env);
        int exit = Gantry.commandLine(new PrintWriter(out), new PrintWriter(err), all,
                Clock.fixed(NOW, ZoneOffset.UTC), false, false).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
