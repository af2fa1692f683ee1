package dev.gantry.agent.backend.packages;

import java.util.List;
import java.util.Optional;

/**
 * A change to the host's packages: one transaction of the package manager. {@code packages} are
 * already validated names ({@link PackageNames}); {@code directory} is for downloads only.
 */
public record Change(Kind kind, List<String> packages, boolean purge, Optional<String> directory) {
    public enum Kind { INSTALL, REMOVE, UPDATE, DOWNLOAD, CLEAN, REFRESH }

    public Change {
        packages = List.copyOf(packages);
    }

    public static Change of(Kind kind, List<String> packages) {
        return new Change(kind, packages, false, Optional.empty());
    }
}
