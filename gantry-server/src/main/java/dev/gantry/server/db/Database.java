package dev.gantry.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's PostgreSQL: a HikariCP pool, the schema migrated by {@link Migrations}, and the JDBI
 * handle every query goes through. With no {@code Url} configured it first starts the embedded
 * PostgreSQL (zonky), whose data and unpacked binaries live under the state directory, so that the
 * server runs with no set-up and under a sandbox that gives it no writable /tmp.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** How long a health check waits for the database before calling it unreachable. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Migrations migrations;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.migrations = new Migrations(pool);
    }

    /** Connects (starting the embedded PostgreSQL when {@code config} names no Url) and migrates to the latest schema. */
    public static Database open(DatabaseConfig config, Path stateDir) throws IOException {
        EmbeddedPostgres embedded = null;
        String url;
        String user;
        String password;
        if (config.embedded()) {
            embedded = startEmbedded(stateDir, config.embeddedPort());
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        } else {
            url = config.url().orElseThrow();
            user = config.user().orElse(null);
            password = config.password().orElse(null);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("gantry-db");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        // A database that is down at start is reported by /health rather than stopping the server.
        hikari.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hikari);
        Database db = new Database(embedded, pool);
        try {
            db.migrations.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static EmbeddedPostgres startEmbedded(Path stateDir, int port) throws IOException {
        Path data = stateDir.resolve("postgres");
        Path binaries = stateDir.resolve("postgres-binaries");
        Files.createDirectories(data);
        Files.createDirectories(binaries);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                // Loopback TCP only: a Unix socket would need a directory the sandbox lets it write.
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false);
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        LOG.info("embedded PostgreSQL on 127.0.0.1:{}, data in {}", pg.getPort(), data);
        return pg;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Migrations migrations() {
        return migrations;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Whether a connection answers {@code SELECT 1} within {@link #PING_TIMEOUT}; the failure's text otherwise. */
    public Reachability ping() {
        CompletableFuture<Void> check = CompletableFuture.runAsync(() -> {
            try (Connection c = pool.getConnection(); var st = c.createStatement()) {
                st.execute("SELECT 1");
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, Thread::startVirtualThread);
        try {
            check.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Reachability(true, null);
        } catch (TimeoutException e) {
            check.cancel(true);
            return new Reachability(false, "no answer within " + PING_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Reachability(false, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reachability(false, "interrupted");
        }
    }

    /** @param error why it is not reachable; null when it is */
    public record Reachability(boolean reachable, String error) {
    }

    @Override
    public void close() throws IOException {
        try {
            pool.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
