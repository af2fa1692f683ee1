package dev.gantry.server.resources;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What every resource has, whatever its type. {@code tenant} is empty for global resources (images);
 * {@code version} rises by one on every write and is the resource's ETag.
 */
public record ResourceCore(UUID id, String type, Optional<String> tenant, String name, Map<String, String> tags,
                           ResourceState state, Instant created, Instant updated, long version) {
    public ResourceCore {
        tags = Map.copyOf(tags);
    }

    public String etag() {
        return etag(version);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
