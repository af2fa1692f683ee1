package dev.gantry.server.resources;

import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.jobs.NewJob;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Runs a resource's create, update or remove step as a job. A job names only the kind, type and
 * resource id, so any replica's worker can run it through {@link ResourceService#run}.
 */
public interface ResourceJobs {
    enum Kind {
        CREATE, UPDATE, REMOVE;

        /** The job kind of this step for a type, e.g. {@code instances.create}. */
        public String of(String type) {
            return type + "." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** Queues the step in the request's transaction, so the job exists exactly when the write commits; returns its id. */
    Optional<UUID> submit(Handle h, Kind kind, ResourceCore core, String createdBy);

    /** Called once that transaction committed. */
    default void afterCommit(Kind kind, String type, UUID resource) {
    }

    /** The server's shared job queue: workers of any replica run the steps. */
    static ResourceJobs queued(JobQueue queue) {
        return (h, kind, core, createdBy) -> Optional.of(queue.submit(h,
                NewJob.of(kind.of(core.type()), core.tenant().orElse(null), Map.of())
                        .withResource(core.type(), core.id())
                        .withDescription(kind.name().toLowerCase(Locale.ROOT) + " " + core.type() + " " + core.name())
                        .withCreatedBy(createdBy)).id());
    }

    /**
     * Runs the step at once in the request's thread, after its transaction committed, so the answer
     * shows the settled state. For tests that look at one step at a time; a failed step leaves the
     * resource in state {@code error}, which the answer shows.
     */
    static ResourceJobs inline(ResourceService service) {
        return new ResourceJobs() {
            @Override
            public Optional<UUID> submit(Handle h, Kind kind, ResourceCore core, String createdBy) {
                return Optional.empty();
            }

            @Override
            public void afterCommit(Kind kind, String type, UUID resource) {
                try {
                    service.run(kind, type, resource);
                } catch (RuntimeException e) {
                    // logged by the service; the resource's state says error
                }
            }
        };
    }
}
