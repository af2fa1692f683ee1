package dev.gantry.server.resources.disks;

/** A block storage disk: {@code size} in bytes, attached to {@code instance} (name or id) or to none. */
public record Disk(Long size, String instance) {
}
