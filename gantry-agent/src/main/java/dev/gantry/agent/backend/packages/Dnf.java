package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.exec.RootCommand;
import dev.gantry.common.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * dnf 4 (Fedora up to 40, RHEL 8/9); the reads also accept dnf 5's layout (Fedora 41+). Reads run as the agent with {@code -q} where the header would only be
 * noise; dnf uses the metadata cache it finds and, as a user other than root, its own cache
 * ({@code --cacheonly} is not forced, so a read may download metadata). Changes run as root with
 * {@code -y} and {@code --} before the package names. Repositories are toggled with
 * {@code dnf config-manager} (dnf-plugins-core). RPM has no purge: a remove with {@code purge} is a remove.
 */
public final class Dnf implements PackageManager {
    @Override
    public String name() {
        return "dnf";
    }

    @Override
    public List<Package> list(Scope scope, Optional<String> nameContains) {
        // The options, not the old subcommands: dnf 5 reads "list installed" as a package named "installed".
        String which = switch (scope) {
            case INSTALLED -> "--installed";
            case AVAILABLE -> "--available";
            case UPGRADABLE -> "--upgrades";
        };
        String status = scope == Scope.INSTALLED ? Package.INSTALLED
                : scope == Scope.AVAILABLE ? Package.AVAILABLE : Package.UPGRADABLE;
        List<String> argv = new ArrayList<>(List.of("dnf", "-q", "list", which));
        nameContains.ifPresent(s -> argv.addAll(List.of("--", "*" + s + "*")));
        Command.Result result = Command.run(argv, READ_TIMEOUT);
        if (!result.ok() && !result.stderr().contains("No matching Packages")) {
            throw ApiException.unavailable("dnf", "dnf list failed: " + result.reason());
        }
        return DnfOutput.list(result.stdout(), status);
    }

    @Override
    public Optional<PackageDetails> info(String name) {
        Command.Result result = Command.run(List.of("dnf", "-q", "info", "--", name), READ_TIMEOUT);
        return result.ok() ? DnfOutput.info(result.stdout()) : Optional.empty();
    }

    @Override
    public List<Package> search(String query) {
        Command.Result result = Command.run(List.of("dnf", "-q", "search", "--", query), READ_TIMEOUT);
        return result.ok() ? DnfOutput.search(result.stdout()) : List.of();
    }

    @Override
    public List<PackageUpdate> updates() {
        Command.Result result = Command.run(List.of("dnf", "check-update"), READ_TIMEOUT);
        // 100: updates are available; 0: none; anything else is a failure.
        if (result.exitCode() != 0 && result.exitCode() != 100) {
            throw ApiException.unavailable("dnf", "dnf check-update failed: " + result.reason());
        }
        return DnfOutput.updates(result.stdout());
    }

    @Override
    public List<Repository> repositories() {
        return DnfOutput.repositories(Reads.stdout("dnf", List.of("dnf", "repolist", "--all")));
    }

    @Override
    public boolean canToggleRepositories() {
        return true;
    }

    @Override
    public Command.Result enableRepository(String id, boolean enabled) {
        return RootCommand.run(List.of("dnf", "config-manager", enabled ? "--set-enabled" : "--set-disabled", id),
                READ_TIMEOUT);
    }

    @Override
    public List<HistoryEntry> history() {
        return DnfOutput.history(Reads.stdout("dnf", List.of("dnf", "history", "list")));
    }

    @Override
    public List<String> command(Change change) {
        List<String> argv = new ArrayList<>(List.of("dnf", "-y"));
        switch (change.kind()) {
            case INSTALL -> argv.addAll(List.of("install", "--"));
            case REMOVE -> argv.addAll(List.of("remove", "--"));
            case UPDATE -> argv.addAll(change.packages().isEmpty() ? List.of("upgrade") : List.of("upgrade", "--"));
            case DOWNLOAD -> argv.addAll(List.of("download", "--destdir", change.directory().orElseThrow(), "--"));
            case CLEAN -> argv.addAll(List.of("clean", "all"));
            case REFRESH -> argv.add("makecache");
        }
        argv.addAll(change.packages());
        return argv;
    }

    @Override
    public Optional<Progress> progress(String line) {
        return DnfOutput.progress(line);
    }

    @Override
    public List<String> errors(Command.Result result) {
        return DnfOutput.errors(result.stdout(), result.stderr());
    }
}
