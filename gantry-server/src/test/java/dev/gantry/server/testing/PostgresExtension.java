package dev.gantry.server.testing;

import dev.gantry.server.db.DatabaseConfig;
import dev.gantry.server.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for tests: one embedded server per test class, a fresh database per test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension pg = PostgresExtension.migrated();
 *
 * @Test
 * void something() {
 *     pg.jdbi().useHandle(h -> ...);               // the test's own database, every migration applied
 *     try (TestServer server = TestServer.start(pg, tempDir)) { ... }   // a whole server on it
 * }
 * }</pre>
 *
 * {@link #migrated()} copies each test's database from a template migrated once per class (fast);
 * {@link #empty()} gives an empty database, for tests of the migrations themselves. Register it as
 * a {@code static} field: it is per class, not per test.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private static final String TEMPLATE = "gantry_template";

    private final boolean migrated;
    private final AtomicInteger counter = new AtomicInteger();
    private EmbeddedPostgres postgres;
    private String database;
    private DataSource dataSource;
    private Jdbi jdbi;

    private PostgresExtension(boolean migrated) {
        this.migrated = migrated;
    }

    /** Each test's database has every migration applied. */
    public static PostgresExtension migrated() {
        return new PostgresExtension(true);
    }

    /** Each test's database is empty (no schema). */
    public static PostgresExtension empty() {
        return new PostgresExtension(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
        if (migrated) {
            execute("CREATE DATABASE " + TEMPLATE);
            DataSource template = postgres.getDatabase("postgres", TEMPLATE);
            Migrations.configure(template).load().migrate();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        database = newDatabase();
        dataSource = postgres.getDatabase("postgres", database);
        jdbi = Jdbi.create(dataSource);
    }

    /** Another fresh database (migrated or empty, as this extension's), beside the test's own; returns its name. */
    public String newDatabase() throws SQLException {
        String name = "test" + counter.incrementAndGet();
        execute("CREATE DATABASE " + name + (migrated ? " TEMPLATE " + TEMPLATE : ""));
        return name;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The test's database name. */
    public String database() {
        return database;
    }

    /** A JDBC URL for the test's database (user postgres, no password). */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String name) {
        return postgres.getJdbcUrl("postgres", name);
    }

    /** {@code [Database]} settings that point a server at the test's database. */
    public DatabaseConfig config() {
        return DatabaseConfig.external(jdbcUrl(), "postgres", null);
    }

    /** Unpooled connections to the test's database. */
    public DataSource dataSource() {
        return dataSource;
    }

    public DataSource dataSource(String name) {
        return postgres.getDatabase("postgres", name);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public int port() {
        return postgres.getPort();
    }
}
