package dev.gantry.cli;

import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns what went wrong into the documented exit code and one {@code gantry: ...} line per fact on
 * stderr. Stack traces are printed only when {@code verbose} says so.
 */
final class Failures {
    private final BooleanSupplier verbose;

    Failures(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    /** picocli's parameter errors, and those a command raises itself after parsing. */
    int usage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("gantry: " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            // Picocli's "Did you mean" lines, which it prints without our prefix.
            for (String suggestion : unmatched.getSuggestions()) {
                err.println("gantry: did you mean " + suggestion + "?");
            }
        }
        err.println("gantry: see '" + command.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return Gantry.EXIT_USAGE;
    }

    int execution(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof ParameterException p) {
            return usage(p, parsed.originalArgs().toArray(String[]::new));
        }
        PrintWriter err = command.getErr();
        int code;
        if (e instanceof ApiError api) {
            api.lines().forEach(line -> err.println("gantry: " + line));
            code = Gantry.EXIT_FAILED;
        } else if (e instanceof Unreachable unreachable) {
            err.println("gantry: " + unreachable.getMessage());
            err.println("gantry: " + unreachable.hint());
            code = Gantry.EXIT_UNREACHABLE;
        } else {
            // One line, whatever the message holds; the rest is in the --verbose trace.
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            err.println("gantry: internal error: " + e.getClass().getName() + message);
            if (!verbose.getAsBoolean()) {
                err.println("gantry: rerun with --verbose to see where");
            }
            code = Gantry.EXIT_INTERNAL;
        }
        // The agent's answer is complete as it stands; a trace helps only with our own failures.
        if (verbose.getAsBoolean() && !(e instanceof ApiError)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
