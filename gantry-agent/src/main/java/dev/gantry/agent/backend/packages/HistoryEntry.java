package dev.gantry.agent.backend.packages;

import java.util.List;

/**
 * One past transaction: when it started and ended (as the manager's log writes it), the command that
 * made it, who asked, and what it changed.
 */
public record HistoryEntry(String id, String start, String end, String command, String requestedBy,
                           List<PackageChange> changes) {
    public HistoryEntry {
        changes = List.copyOf(changes);
    }

    /** One package a transaction touched: action install, upgrade, downgrade, remove, purge, reinstall. */
    public record PackageChange(String action, String name, String architecture, String version,
                                String fromVersion) {
    }
}
