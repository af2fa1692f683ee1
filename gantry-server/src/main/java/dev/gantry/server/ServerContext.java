package dev.gantry.server;

import dev.gantry.common.events.EventBus;
import dev.gantry.server.db.Database;
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
 */
public record ServerContext(ServerConfig config, Database database, Clock clock, EventBus bus) {
    public Jdbi jdbi() {
        return database.jdbi();
    }
}
