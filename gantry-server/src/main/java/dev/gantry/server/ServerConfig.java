package dev.gantry.server;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.common.log.Logging;
import dev.gantry.server.auth.AuthConfig;
import dev.gantry.server.db.DatabaseConfig;
import dev.gantry.server.inventory.InventoryConfig;
import dev.gantry.server.jobs.JobsConfig;
import dev.gantry.server.keys.KeyConfig;
import dev.gantry.server.resources.Prices;
import dev.gantry.server.resources.ResourceTypes;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * gantry-server's settings, read from {@code /etc/gantry/server.toml}; an absent file or key takes the
 * documented default (docs/server/configuration.md lists every key).
 *
 * @param logLevel {@code [System] LogLevel}: trace, debug, info, warning, error; default info
 * @param listen   {@code [Server] Listen}: ip:port of the HTTP API; default 127.0.0.1:8080
 * @param database {@code [Database]}: an external PostgreSQL, or the embedded one when {@code Url} is unset
 * @param jobs     {@code [Jobs]}: workers, lease and attempts of the job queue
 * @param auth     {@code [Auth]}: the OIDC issuer whose tokens are accepted besides local API tokens
 * @param prices   {@code [Metering]}: price per second of each resource type, and the currency
 * @param keys     {@code [Keys]}: the master key that wraps the clusters' credentials (a file, or a passphrase)
 * @param inventory {@code [Inventory]}: the crawler's interval, per-cluster timeout and retention
 */
public record ServerConfig(String logLevel, InetSocketAddress listen, DatabaseConfig database, JobsConfig jobs,
                           AuthConfig auth, Prices prices, KeyConfig keys,
                           InventoryConfig inventory) {
    public static final Path DEFAULT_FILE = Path.of("/etc/gantry/server.toml");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/gantry-server");
    public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 8080);

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        return new ServerConfig("info", DEFAULT_LISTEN, DatabaseConfig.EMBEDDED, JobsConfig.DEFAULT,
                AuthConfig.LOCAL_TOKENS_ONLY, Prices.FREE, KeyConfig.DEFAULT,
                InventoryConfig.DEFAULT);
    }

    public static ServerConfig read(TomlConfig toml) throws ConfigException {
        TomlConfig.Section system = toml.section("System");
        String level = system.choice("LogLevel", "info", Logging.LEVELS);
        TomlConfig.Section server = toml.section("Server");
        InetSocketAddress listen = server.socketAddress("Listen").orElse(DEFAULT_LISTEN);

        TomlConfig.Section db = toml.section("Database");
        var url = db.optionalString("Url");
        var user = db.optionalString("User");
        var password = db.optionalString("Password");
        long poolSize = db.integer("PoolSize", DatabaseConfig.EMBEDDED.poolSize(), 1, 1000);
        long connectTimeout = db.integer("ConnectionTimeout", DatabaseConfig.EMBEDDED.connectionTimeout().toSeconds(), 1, 3600);
        long embeddedPort = db.integer("EmbeddedPort", 0, 0, 65535);
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            db.reject("Url", url.get(), "expected a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/gantry");
        }
        if (url.isEmpty() && (user.isPresent() || password.isPresent())) {
            db.reject(user.isPresent() ? "User" : "Password", "", "User and Password need Url; without Url the embedded PostgreSQL is used");
        }
        if (url.isPresent() && embeddedPort != 0) {
            db.reject("EmbeddedPort", embeddedPort, "only the embedded PostgreSQL (no Url) has a port to choose");
        }

        TomlConfig.Section jobs = toml.section("Jobs");
        long workers = jobs.integer("Workers", JobsConfig.DEFAULT.workers(), 0, 256);
        long lease = jobs.integer("Lease", JobsConfig.DEFAULT.lease().toSeconds(), 1, 86_400);
        long attempts = jobs.integer("MaxAttempts", JobsConfig.DEFAULT.maxAttempts(), 1, 100);
        AuthConfig auth = AuthConfig.read(toml.section("Auth"));
        Prices prices = Prices.read(toml.section("Metering"), ResourceTypes.NAMES);
        KeyConfig keys = KeyConfig.read(toml.section("Keys"));
        InventoryConfig inventory = InventoryConfig.read(toml.section("Inventory"));
        toml.finish();
        return new ServerConfig(level, listen,
                new DatabaseConfig(url, user, password, (int) poolSize, Duration.ofSeconds(connectTimeout), (int) embeddedPort),
                new JobsConfig((int) workers, Duration.ofSeconds(lease), (int) attempts), auth, prices, keys, inventory);
    }

    public ServerConfig withListen(InetSocketAddress address) {
        return new ServerConfig(logLevel, address, database, jobs, auth, prices, keys, inventory);
    }

    public ServerConfig withDatabase(DatabaseConfig db) {
        return new ServerConfig(logLevel, listen, db, jobs, auth, prices, keys, inventory);
    }

    public ServerConfig withJobs(JobsConfig j) {
        return new ServerConfig(logLevel, listen, database, j, auth, prices, keys, inventory);
    }

    public ServerConfig withPrices(Prices p) {
        return new ServerConfig(logLevel, listen, database, jobs, auth, p, keys, inventory);
    }

    public ServerConfig withKeys(KeyConfig k) {
        return new ServerConfig(logLevel, listen, database, jobs, auth, prices, k, inventory);
    }

    public ServerConfig withAuth(AuthConfig a) {
        return new ServerConfig(logLevel, listen, database, jobs, a, prices, keys, inventory);
    }

    public ServerConfig withInventory(InventoryConfig i) {
        return new ServerConfig(logLevel, listen, database, jobs, auth, prices, keys, i);
    }
}
