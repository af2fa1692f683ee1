package dev.gantry.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A {@code gantry admin} command: like {@link ApiCommand}, but it talks to gantry-server. */
abstract class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--admin-file", paramLabel = "FILE",
            description = "the server's admin file (default: /var/lib/gantry-server/admin.json); not used with --url")
    Path adminFile = ServerAdminFile.DEFAULT;

    @Override
    public final Integer call() throws Exception {
        try (AgentClient client = gantry().connectServer(adminFile)) {
            return run(client);
        }
    }

    abstract int run(AgentClient client) throws Exception;

    final Gantry gantry() {
        return (Gantry) spec.root().userObject();
    }

    final Output output() {
        return gantry().output(spec.commandLine().getOut());
    }
}
