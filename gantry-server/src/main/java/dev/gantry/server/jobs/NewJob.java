package dev.gantry.server.jobs;

import java.util.UUID;

/**
 * A job to queue. Build with {@link #of} and the {@code with*} methods.
 *
 * @param kind         which {@link JobHandler} runs it, e.g. {@code instances.create}
 * @param tenant       the tenant it works for (null: server-wide)
 * @param input        what the handler needs, JSON-serialisable (a record, a map); null is {@code {}}
 * @param resourceType the type of the resource it works on (null: none)
 * @param resourceId   that resource's id (null: none)
 * @param createdBy    the caller's name, for the record
 */
public record NewJob(String kind, String tenant, String description, Object input, String resourceType,
                     UUID resourceId, String createdBy) {
    public static NewJob of(String kind, String tenant, Object input) {
        return new NewJob(kind, tenant, "", input, null, null, null);
    }

    public NewJob withDescription(String text) {
        return new NewJob(kind, tenant, text, input, resourceType, resourceId, createdBy);
    }

    public NewJob withResource(String type, UUID id) {
        return new NewJob(kind, tenant, description, input, type, id, createdBy);
    }

    public NewJob withCreatedBy(String caller) {
        return new NewJob(kind, tenant, description, input, resourceType, resourceId, caller);
    }
}
