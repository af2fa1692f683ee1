package dev.gantry.agent.backend.packages;

/** An installed package with a newer version in a repository; {@code currentVersion} may be absent (dnf, tdnf). */
public record PackageUpdate(String name, String architecture, String currentVersion, String newVersion,
                            String repository) {
}
