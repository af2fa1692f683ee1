package dev.gantry.agent.backend.packages;

/** A package source: its id as the manager names it, a readable name, whether it is used, and where it is. */
public record Repository(String id, String name, boolean enabled, String url) {
}
