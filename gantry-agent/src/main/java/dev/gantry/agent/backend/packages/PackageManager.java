package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.exec.RootCommand;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One package manager of the host (apt, dnf or tdnf), behind the same calls. Reads run as the agent
 * (the managers' query tools and logs are readable by anyone); changes are {@link Change}s whose command
 * line runs as root through {@link RootCommand}, their output parsed into {@link Progress} as it arrives.
 */
public interface PackageManager {
    /** How long one transaction (download and install included) may take before it is killed. */
    Duration TRANSACTION_TIMEOUT = Duration.ofHours(1);
    Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** Which packages {@link #list} returns. */
    enum Scope { INSTALLED, AVAILABLE, UPGRADABLE }

    /** {@code apt}, {@code dnf} or {@code tdnf}. */
    String name();

    /** Packages in {@code scope}, by name; {@code nameContains} (if given) keeps those whose name contains it. */
    List<Package> list(Scope scope, Optional<String> nameContains);

    /** One package's details; empty if the manager knows no package of that name. */
    Optional<PackageDetails> info(String name);

    /** Packages whose name or summary matches {@code query}. */
    List<Package> search(String query);

    /** Installed packages a newer version of which the repositories offer (check-update). */
    List<PackageUpdate> updates();

    List<Repository> repositories();

    /** Whether {@link #enableRepository} works with this manager. */
    boolean canToggleRepositories();

    /** Enables or disables a repository persistently; only if {@link #canToggleRepositories}. */
    Command.Result enableRepository(String id, boolean enabled);

    /** Past transactions, newest first. */
    List<HistoryEntry> history();

    /** The command line (to run as root) that makes {@code change}. */
    List<String> command(Change change);

    /** The progress a line of the command's output reports, if it reports any. */
    Optional<Progress> progress(String line);

    /** The lines of a failed command's output that say why (the manager's error lines). */
    List<String> errors(Command.Result result);

    /** Runs {@code change} as root, reporting progress; returns how it ended and what it printed. */
    default Command.Result run(Change change, Consumer<Progress> onProgress) {
        return RootCommand.stream(command(change), TRANSACTION_TIMEOUT,
                line -> progress(line).ifPresent(onProgress));
    }
}
