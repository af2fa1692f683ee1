package dev.gantry.server.resources;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A real PostgreSQL (embedded, started once per test JVM) and, per test class, a fresh database with
 * every migration applied.
 */
final class TestDatabase implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    final HikariDataSource dataSource;
    final Jdbi jdbi;
    final String url;

    private TestDatabase(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.url = url;
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is a temporary one
                }
            }));
        }
        return server;
    }

    static TestDatabase fresh() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = server().getJdbcUrl("postgres", name);
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(16);
        return new TestDatabase(new HikariDataSource(config), url);
    }

    long count(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
