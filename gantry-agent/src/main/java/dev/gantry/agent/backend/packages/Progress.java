package dev.gantry.agent.backend.packages;

/** What a package manager said about its progress: a percentage (0-100) of the whole and a one-line message. */
public record Progress(int percent, String message) {
}
