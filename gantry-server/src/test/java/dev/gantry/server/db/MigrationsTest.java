package dev.gantry.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every migration this build carries applies to an empty database, and a database left at any
 * earlier version upgrades to exactly the schema a fresh database gets.
 */
class MigrationsTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.empty();

    @Test
    void anEmptyDatabaseMigratesToTheLatestVersionWithNothingPending() {
        int applied = Migrations.configure(pg.dataSource()).load().migrate().migrationsExecuted;

        Migrations.Status status = new Migrations(pg.dataSource()).status();
        assertThat(applied).isEqualTo(versions().size());
        assertThat(status.current()).isEqualTo(status.latest());
        assertThat(status.pending()).isZero();
        assertThat(status.upToDate()).isTrue();
        assertThat(tables(pg.jdbi())).contains("tenants", "jobs");
    }

    @Test
    void aDatabaseAtEachEarlierVersionUpgradesToTheSchemaAFreshDatabaseGets() throws Exception {
        Migrations.configure(pg.dataSource()).load().migrate();
        String fresh = schema(pg.jdbi());
        List<String> versions = versions();
        assertThat(versions).isNotEmpty();

        for (String version : versions.subList(0, versions.size() - 1)) {
            String db = pg.newDatabase();
            DataSource ds = pg.dataSource(db);
            Migrations.configure(ds).target(MigrationVersion.fromVersion(version)).load().migrate();
            assertThat(new Migrations(ds).status().current()).as("stopped at " + version).isEqualTo(version);

            int upgraded = Migrations.configure(ds).load().migrate().migrationsExecuted;

            assertThat(upgraded).as("from " + version).isEqualTo(versions.size() - versions.indexOf(version) - 1);
            assertThat(schema(Jdbi.create(ds))).as("schema upgraded from V" + version).isEqualTo(fresh);
        }
    }

    @Test
    void everyMigrationVersionFallsInItsOwnersRange() {
        // V1–V9 server core, V10–V19 identity, V20–V39 resources: parts built in parallel never collide.
        for (String version : versions()) {
            int major = Integer.parseInt(version.split("\\.")[0]);
            assertThat(major).as("V" + version).isBetween(1, 39);
        }
    }

    private static List<String> versions() {
        Flyway flyway = Migrations.configure(pg.dataSource(pg.newDatabaseUnchecked())).load();
        return Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion).map(MigrationVersion::getVersion).toList();
    }

    private static List<String> tables(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                .mapTo(String.class).list());
    }

    /** Columns, constraints and indexes of the public schema, as text, without Flyway's own table. */
    private static String schema(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            List<String> lines = new ArrayList<>();
            lines.addAll(h.createQuery("""
                    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '
                           || coalesce(column_default, '')
                    FROM information_schema.columns
                    WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
                    ORDER BY table_name, column_name""").mapTo(String.class).list());
            lines.addAll(h.createQuery("""
                    SELECT c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                    WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'flyway_schema_history'
                    ORDER BY 1""").mapTo(String.class).list());
            lines.addAll(h.createQuery("""
                    SELECT indexdef FROM pg_indexes
                    WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history' ORDER BY indexname""")
                    .mapTo(String.class).list());
            return String.join("\n", lines);
        });
    }
}
