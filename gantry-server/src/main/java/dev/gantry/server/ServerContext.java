package dev.gantry.server;

import dev.gantry.common.events.EventBus;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.db.Database;
import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.keys.DataKeys;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What the server's modules are built from, one of each per running server. Nothing here keeps state
 * that another replica could not see: everything that must agree across replicas is in the database.
 *
 * @param config   the configuration the server started with
 * @param database the pool, its JDBI handle and the migration status
 * @param clock    the time every module reads (tests move it)
 * @param bus      events of this replica, for Server-Sent Events streams
 * @param jobs     the job queue all replicas share; a module whose work runs as jobs also implements
 *                 {@link dev.gantry.server.jobs.JobKinds} to give the workers its handlers
 * @param keys     seals and opens secrets under the master key the server started with (envelope encryption)
 * @param clusters the registered clusters with their credentials opened, read afresh on every call
 */
public record ServerContext(ServerConfig config, Database database, Clock clock, EventBus bus, JobQueue jobs,
                            DataKeys keys, ClusterDirectory clusters) {
    public Jdbi jdbi() {
        return database.jdbi();
    }
}
