package dev.gantry.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the agent: it gets a client for the global options' target, runs, and
 * closes the client. Failures propagate as exceptions and become exit codes in {@link Failures}.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (AgentClient client = gantry().connect()) {
            return run(client);
        }
    }

    /** Runs the command; returns its exit code. */
    abstract int run(AgentClient client) throws Exception;

    final Gantry gantry() {
        return (Gantry) spec.root().userObject();
    }

    final Output output() {
        return gantry().output(spec.commandLine().getOut());
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
