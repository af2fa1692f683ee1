package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * apt and dpkg (Debian, Ubuntu). Reads: {@code apt list}, {@code apt-cache policy/show/search} and
 * {@code /var/log/apt/history.log}, as the agent. Changes: {@code apt-get} as root, non-interactive,
 * with {@code APT::Status-Fd=1} so that its machine-readable progress lines arrive on the output the
 * agent reads, and {@code --} before package names. apt has no command to enable or disable a source.
 */
public final class Apt implements PackageManager {
    private final Path historyLog;

    public Apt(Path historyLog) {
        this.historyLog = historyLog;
    }

    public static Apt host() {
        return new Apt(Path.of("/var/log/apt/history.log"));
    }

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public List<Package> list(Scope scope, Optional<String> nameContains) {
        List<String> argv = new ArrayList<>(List.of("apt", "list"));
        switch (scope) {
            case INSTALLED -> argv.add("--installed");
            case UPGRADABLE -> argv.add("--upgradable");
            case AVAILABLE -> { }
        }
        // apt matches the glob itself (no shell); the filter is a validated name, so it holds no glob of its own.
        nameContains.ifPresent(s -> argv.addAll(List.of("--", "*" + s + "*")));
        // The whole archive is a few MB of lines: collected as they come, past Command.run's cap.
        StringBuilder text = new StringBuilder();
        Command.Result result = Command.stream(argv, READ_TIMEOUT, line -> text.append(line).append('\n'));
        if (!result.ok()) {
            throw ApiException.unavailable("apt", String.join(" ", argv) + " failed: " + result.reason());
        }
        List<Package> all = AptOutput.list(text.toString());
        return all.stream()
                .filter(p -> scope != Scope.AVAILABLE || p.status().equals(Package.AVAILABLE))
                .filter(p -> nameContains.map(s -> p.name().contains(s)).orElse(true))
                .toList();
    }

    @Override
    public Optional<PackageDetails> info(String name) {
        Optional<AptOutput.Policy> policy =
                AptOutput.policy(Reads.stdout("apt", List.of("apt-cache", "policy", "--", name)));
        Command.Result show = Command.run(List.of("apt-cache", "show", "--", name), READ_TIMEOUT);
        List<java.util.Map<String, String>> stanzas = show.ok() ? AptOutput.stanzas(show.stdout()) : List.of();
        return AptOutput.details(name, policy, stanzas);
    }

    @Override
    public List<Package> search(String query) {
        return AptOutput.search(Reads.stdout("apt", List.of("apt-cache", "search", "--", query)));
    }

    @Override
    public List<PackageUpdate> updates() {
        return AptOutput.updates(Reads.stdout("apt", List.of("apt", "list", "--upgradable")));
    }

    @Override
    public List<Repository> repositories() {
        return AptOutput.repositories(Reads.stdout("apt", List.of("apt-cache", "policy")));
    }

    @Override
    public boolean canToggleRepositories() {
        return false;
    }

    @Override
    public Command.Result enableRepository(String id, boolean enabled) {
        throw new UnsupportedOperationException("apt cannot enable or disable a source");
    }

    @Override
    public List<HistoryEntry> history() {
        try {
            return AptOutput.history(Files.readString(historyLog, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw ApiException.unavailable("apt", "cannot read " + historyLog + ": " + e.getMessage());
        }
    }

    @Override
    public List<String> command(Change change) {
        List<String> argv = new ArrayList<>();
        if (change.kind() == Change.Kind.DOWNLOAD) {
            // apt-get download writes to its working directory; env -C sets it without a shell.
            argv.addAll(List.of("env", "-C", change.directory().orElseThrow(), "apt-get", "-q",
                    "-o", "APT::Status-Fd=1", "download", "--"));
            argv.addAll(change.packages());
            return argv;
        }
        argv.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q",
                "-o", "APT::Status-Fd=1", "-o", "Dpkg::Use-Pty=0",
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"));
        switch (change.kind()) {
            case INSTALL -> argv.addAll(List.of("install", "--"));
            case REMOVE -> argv.addAll(List.of(change.purge() ? "purge" : "remove", "--"));
            case UPDATE -> argv.addAll(change.packages().isEmpty() ? List.of("upgrade")
                    : List.of("install", "--only-upgrade", "--"));
            case CLEAN -> argv.add("clean");
            case REFRESH -> argv.add("update");
            case DOWNLOAD -> throw new IllegalStateException("handled above");
        }
        argv.addAll(change.packages());
        return argv;
    }

    @Override
    public Optional<Progress> progress(String line) {
        return AptOutput.status(line);
    }

    @Override
    public List<String> errors(Command.Result result) {
        return AptOutput.errors(result.stdout(), result.stderr());
    }
}
