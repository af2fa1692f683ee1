package dev.gantry.server.resources;

import java.util.Optional;
import java.util.UUID;

/** A path segment naming a resource: its id when it parses as a UUID, else its name. */
record ResourceKey(Optional<UUID> id, String name) {
    static ResourceKey parse(String segment) {
        return isUuid(segment) ? new ResourceKey(Optional.of(UUID.fromString(segment)), segment)
                : new ResourceKey(Optional.empty(), segment);
    }

    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
