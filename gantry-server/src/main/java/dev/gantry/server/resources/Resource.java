package dev.gantry.server.resources;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A resource as the API returns it: the core fields and the type's own {@code spec}. */
public record Resource<S>(UUID id, String type, String tenant, String name, Map<String, String> tags,
                          ResourceState state, Instant created, Instant updated, long version, S spec) {
    public Resource {
        tags = Map.copyOf(tags);
    }

    static <S> Resource<S> of(ResourceCore core, S spec) {
        return new Resource<>(core.id(), core.type(), core.tenant().orElse(null), core.name(), core.tags(),
                core.state(), core.created(), core.updated(), core.version(), spec);
    }
}
