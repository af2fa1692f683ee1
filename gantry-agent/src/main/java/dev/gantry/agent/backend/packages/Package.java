package dev.gantry.agent.backend.packages;

/**
 * A package as lists show it. {@code version} is the installed one for installed packages, the
 * repository's otherwise; {@code repository} may be absent; {@code status} is installed, available
 * or upgradable; {@code summary} is present where the manager's list gives it (search).
 */
public record Package(String name, String version, String architecture, String repository, String status,
                      String summary) {
    public static final String INSTALLED = "installed";
    public static final String AVAILABLE = "available";
    public static final String UPGRADABLE = "upgradable";
}
