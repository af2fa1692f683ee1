package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.agent.backend.exec.RootCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * tdnf (Photon OS). Reads parse its text output (history its JSON, {@code -j}) and use the metadata
 * cache ({@code -C}), since tdnf refreshes only as root.
 * Changes run as root with {@code -y}; tdnf parses its options with getopt, so {@code --} ends them.
 * tdnf cannot toggle a repository persistently; RPM has no purge.
 */
public final class Tdnf implements PackageManager {
    @Override
    public String name() {
        return "tdnf";
    }

    @Override
    public List<Package> list(Scope scope, Optional<String> nameContains) {
        String which = switch (scope) {
            case INSTALLED -> "installed";
            case AVAILABLE -> "available";
            case UPGRADABLE -> "upgrades";
        };
        String status = scope == Scope.INSTALLED ? Package.INSTALLED
                : scope == Scope.AVAILABLE ? Package.AVAILABLE : Package.UPGRADABLE;
        List<Package> all = TdnfOutput.list(Reads.stdout("tdnf", List.of("tdnf", "-C", "list", which)), status);
        return all.stream().filter(p -> nameContains.map(s -> p.name().contains(s)).orElse(true)).toList();
    }

    @Override
    public Optional<PackageDetails> info(String name) {
        // tdnf exits non-zero for "Error(1011) : No matching packages": no such package.
        Command.Result result = Command.run(List.of("tdnf", "-C", "info", "--", name), READ_TIMEOUT);
        return result.ok() ? TdnfOutput.info(result.stdout()) : Optional.empty();
    }

    @Override
    public List<Package> search(String query) {
        // No result is an error exit for tdnf (ERROR_TDNF_NO_SEARCH_RESULTS).
        Command.Result result = Command.run(List.of("tdnf", "-C", "search", "--", query), READ_TIMEOUT);
        return result.ok() ? TdnfOutput.search(result.stdout()) : List.of();
    }

    @Override
    public List<PackageUpdate> updates() {
        return TdnfOutput.updates(Reads.stdout("tdnf", List.of("tdnf", "-C", "check-update")));
    }

    @Override
    public List<Repository> repositories() {
        return TdnfOutput.repositories(Reads.stdout("tdnf", List.of("tdnf", "repolist", "all")));
    }

    @Override
    public boolean canToggleRepositories() {
        return false;
    }

    @Override
    public Command.Result enableRepository(String id, boolean enabled) {
        throw new UnsupportedOperationException("tdnf cannot enable or disable a repository persistently");
    }

    @Override
    public List<HistoryEntry> history() {
        return TdnfOutput.history(Reads.stdout("tdnf", List.of("tdnf", "-j", "history", "--info")));
    }

    @Override
    public List<String> command(Change change) {
        List<String> argv = new ArrayList<>(List.of("tdnf", "-y"));
        switch (change.kind()) {
            case INSTALL -> argv.addAll(List.of("install", "--"));
            case REMOVE -> argv.addAll(List.of("erase", "--"));
            case UPDATE -> argv.addAll(change.packages().isEmpty() ? List.of("update") : List.of("update", "--"));
            case DOWNLOAD -> argv.addAll(List.of("install", "--downloadonly", "--downloaddir",
                    change.directory().orElseThrow(), "--"));
            case CLEAN -> argv.addAll(List.of("clean", "all"));
            case REFRESH -> argv.add("makecache");
        }
        argv.addAll(change.packages());
        return argv;
    }

    @Override
    public Optional<Progress> progress(String line) {
        return TdnfOutput.progress(line, 50);
    }

    /** tdnf gives no counts: each package step moves the bar a little, never to the end before tdnf does. */
    @Override
    public Command.Result run(Change change, Consumer<Progress> onProgress) {
        AtomicInteger percent = new AtomicInteger(10);
        return RootCommand.stream(command(change), TRANSACTION_TIMEOUT, line ->
                TdnfOutput.progress(line, percent.updateAndGet(p -> Math.min(95, p + (95 - p) / 4)))
                        .ifPresent(onProgress));
    }

    @Override
    public List<String> errors(Command.Result result) {
        return TdnfOutput.errors(result.stdout(), result.stderr());
    }
}
