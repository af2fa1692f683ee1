package dev.gantry.server.resources;

import dev.gantry.common.http.Violations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * One resource type: everything the framework cannot know. The framework owns the routes, the core
 * row, ETags, jobs, permissions, change events and metering; a handler owns its spec, its table and
 * what it asks of the provider. {@link #store}, {@link #load}, {@link #dependents} and {@link #release}
 * run inside the request's transaction; {@link #create}, {@link #update} and {@link #remove} run in
 * the resource's job, after that transaction committed.
 *
 * @param <S> the type's spec: what a client sends and gets back under {@code spec}
 */
public interface ResourceHandler<S> {
    /** The plural path segment and scope prefix, e.g. {@code networks}. */
    String type();

    /** One line for the OpenAPI tag. */
    String description();

    Class<S> specType();

    /** Global resources (images) live at {@code /api/v1/<type>}, not under a tenant. */
    default boolean global() {
        return false;
    }

    /**
     * Checks the spec on its own (shapes, ranges, formats), collecting every failure; {@code isNew} is
     * true on create. Checks needing the database (does the network exist, is the IP free) go in
     * {@link #store}. Fields are named as the body names them ({@code spec.cidr}).
     */
    void validate(S spec, boolean isNew, Violations violations);

    /**
     * Writes the type's own row for a new ({@code previous} empty) or changed resource and returns the
     * spec as stored (with defaults and allocations filled in). Throws an {@code ApiException} (404,
     * 409) when the spec refers to something missing or taken; the transaction then writes nothing.
     */
    S store(Handle handle, ResourceCore core, S spec, Optional<S> previous);

    /** The stored spec of an existing resource. */
    S load(Handle handle, ResourceCore core);

    /**
     * The stored specs of a page of resources, by id. The default loads one at a time; a type whose
     * lists are long answers with one query ({@code WHERE id = ANY(:ids)}).
     */
    default Map<UUID, S> loadAll(Handle handle, List<ResourceCore> cores) {
        Map<UUID, S> specs = new HashMap<>();
        for (ResourceCore core : cores) {
            specs.put(core.id(), load(handle, core));
        }
        return specs;
    }

    /** Names ({@code type/name}) of resources that must go before this one can; non-empty means 409. */
    default List<String> dependents(Handle handle, ResourceCore core) {
        return List.of();
    }

    /** Clean-up in the delete transaction before the core row (and with it the type's row) goes. */
    default void release(Handle handle, ResourceCore core) {
    }

    /** The create job's work: bring the resource into being at the provider (by default: pass the spec on). */
    default void create(ResourceJob<S> job) {
        job.provider().create(type(), job.core().id(), job.spec());
    }

    default void update(ResourceJob<S> job) {
        job.provider().update(type(), job.core().id(), job.spec());
    }

    default void remove(ResourceJob<S> job) {
        job.provider().remove(type(), job.core().id());
    }
}
