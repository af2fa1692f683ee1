package dev.gantry.server.resources.snapshots;

/** A snapshot of {@code disk} (name or id) as it was at creation; {@code size} is the disk's then (read-only). */
public record Snapshot(String disk, Long size) {
}
