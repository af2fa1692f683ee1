package dev.gantry.agent.backend.packages;

import java.util.List;

/**
 * One package in detail. {@code installedVersion} is absent when it is not installed,
 * {@code candidateVersion} when no repository offers it; sizes are bytes; {@code depends} lists the
 * dependencies as the manager spells them ({@code libc6 (>= 2.34)}).
 */
public record PackageDetails(String name, String architecture, String installedVersion, String candidateVersion,
                             Long installedSize, Long downloadSize, String repository, String summary,
                             String description, List<String> depends, String homepage, String license) {
    public PackageDetails {
        depends = depends == null ? List.of() : List.copyOf(depends);
    }
}
