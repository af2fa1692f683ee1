package dev.gantry.server.db;

import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * The schema, as Flyway migrations under {@code db/migration} on the class path. Version ranges are
 * split by owner so that parts built in parallel never collide: V1–V9 the server core (tenants,
 * jobs), V10–V19 identity, V20–V39 resources. Flyway takes a PostgreSQL advisory lock while it
 * migrates, so replicas starting together on one database migrate it once.
 */
public final class Migrations {
    public static final String LOCATION = "classpath:db/migration";

    private final Flyway flyway;

    Migrations(DataSource dataSource) {
        this.flyway = configure(dataSource).load();
    }

    /** Flyway as the server configures it; tests add a {@code target} to stop at an earlier version. */
    public static org.flywaydb.core.api.configuration.FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true);
    }

    /** Applies every pending migration; returns how many ran. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }

    /** The applied version and what is still pending, read from the database now. */
    public Status status() {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        MigrationInfo[] all = info.all();
        String latest = all.length == 0 ? null : all[all.length - 1].getVersion().getVersion();
        int pending = info.pending().length;
        boolean failed = Arrays.stream(all).anyMatch(m -> m.getState().isFailed());
        return new Status(current == null ? null : current.getVersion().getVersion(), latest, pending, failed);
    }

    /**
     * @param current the applied schema version, null on an empty database
     * @param latest  the newest version this build carries
     * @param pending migrations this build carries that the database lacks
     * @param failed  a migration failed part-way and needs a person
     */
    public record Status(String current, String latest, int pending, boolean failed) {
        public boolean upToDate() {
            return pending == 0 && !failed;
        }
    }
}
