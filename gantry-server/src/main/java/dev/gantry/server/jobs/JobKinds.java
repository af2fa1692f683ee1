package dev.gantry.server.jobs;

import java.util.Map;

/**
 * Implemented by a server module whose work runs as jobs: the server gives the workers of every
 * replica the handlers of every module, by kind (e.g. {@code instances.create}).
 */
public interface JobKinds {
    Map<String, JobHandler> jobHandlers();
}
