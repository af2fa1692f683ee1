package dev.gantry.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gantry completion}: the bash completion script, generated from the commands themselves. */
@Command(name = "completion", description = {"Print a bash completion script.",
        "Load it with: source <(gantry completion), or save it as /usr/share/bash-completion/completions/gantry."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("gantry", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return Gantry.EXIT_OK;
    }
}
