package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** How a handler resolves a resource its spec names (an instance's network, a snapshot's disk). */
public final class References {
    private References() {
    }

    /**
     * The resource of {@code type} that {@code key} (a name or id) names in the tenant, when asked locked
     * against being deleted or updated until the caller's transaction ends (a lock shared with other
     * resources referencing it, so instances created on one network do not wait for each other); 404
     * naming the field when there is none, 409 when it is being deleted.
     */
    public static ResourceCore require(Handle h, String type, Optional<String> tenant, String key, String field,
                                       boolean lock) {
        ResourceCore core = ResourceStore.find(h, type, tenant, ResourceKey.parse(key),
                        lock ? ResourceStore.Lock.KEY_SHARE : ResourceStore.Lock.NONE)
                .orElseThrow(() -> new ApiException(404, "not-found", "Not found", field + ": no " + type + " "
                        + key + tenant.map(t -> " in tenant " + t).orElse("")));
        if (core.state() == ResourceState.DELETING) {
            throw ApiException.conflict(field + ": " + type + " " + core.name() + " is being deleted");
        }
        return core;
    }

    /** The name of the resource with this id (for answers that show references by name). */
    public static String name(Handle h, UUID id) {
        return h.createQuery("SELECT name FROM resources WHERE id = :id").bind("id", id).mapTo(String.class)
                .findOne().orElse(id.toString());
    }

    /** {@code type/name} of each resource whose id the query returns (bound to {@code :id}). */
    public static List<String> dependents(Handle h, String type, String idQuery, UUID id) {
        return h.createQuery("SELECT r.name FROM resources r WHERE r.id IN (" + idQuery + ") ORDER BY r.name")
                .bind("id", id).mapTo(String.class).list().stream().map(n -> type + "/" + n).toList();
    }
}
