package dev.gantry.agent.backend.packages;

import dev.gantry.agent.backend.exec.Command;
import dev.gantry.common.http.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Finds the host's package manager once, at start. */
public final class PackageManagers {
    private PackageManagers() {
    }

    /**
     * tdnf first (Photon ships a {@code dnf} that is tdnf under another name), then dnf, then apt; none
     * gives {@link #none()}, whose every call is a 501.
     */
    public static PackageManager detect() {
        return detect(p -> Files.isExecutable(Path.of(p)));
    }

    static PackageManager detect(Predicate<String> exists) {
        if (exists.test("/usr/bin/tdnf")) {
            return new Tdnf();
        }
        if (exists.test("/usr/bin/dnf")) {
            return new Dnf();
        }
        if (exists.test("/usr/bin/apt-get") && exists.test("/usr/bin/dpkg")) {
            return Apt.host();
        }
        return none();
    }

    /** The null object for hosts without a supported manager. */
    public static PackageManager none() {
        return new PackageManager() {
            private ApiException missing() {
                return new ApiException(501, "no-package-manager", "No package manager",
                        "this host has none of the package managers gantryd supports (apt, dnf, tdnf)");
            }

            @Override
            public String name() {
                return "none";
            }

            @Override
            public List<Package> list(Scope scope, Optional<String> nameContains) {
                throw missing();
            }

            @Override
            public Optional<PackageDetails> info(String name) {
                throw missing();
            }

            @Override
            public List<Package> search(String query) {
                throw missing();
            }

            @Override
            public List<PackageUpdate> updates() {
                throw missing();
            }

            @Override
            public List<Repository> repositories() {
                throw missing();
            }

            @Override
            public boolean canToggleRepositories() {
                return false;
            }

            @Override
            public Command.Result enableRepository(String id, boolean enabled) {
                throw missing();
            }

            @Override
            public List<HistoryEntry> history() {
                throw missing();
            }

            @Override
            public List<String> command(Change change) {
                throw missing();
            }

            @Override
            public Optional<Progress> progress(String line) {
                return Optional.empty();
            }

            @Override
            public List<String> errors(Command.Result result) {
                return List.of();
            }
        };
    }
}
