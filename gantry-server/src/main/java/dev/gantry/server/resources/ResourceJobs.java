package dev.gantry.server.resources;

import java.util.UUID;

/**
 * Runs a resource's create, update or remove step as a job. The job names only the kind, type and
 * resource id, so a durable job queue can run it in any replica through {@link ResourceService#run}.
 */
public interface ResourceJobs {
    enum Kind { CREATE, UPDATE, REMOVE }

    void submit(Kind kind, String type, UUID resource);

    /**
     * Runs the step at once, in the request's thread, after its transaction committed: the answer then
     * shows the settled state. Used until the server's job queue runs these steps.
     */
    static ResourceJobs inline(ResourceService service) {
        return service::run;
    }
}
