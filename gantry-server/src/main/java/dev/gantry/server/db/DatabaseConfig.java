package dev.gantry.server.db;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code [Database]}: where gantry-server keeps its state.
 *
 * @param url               {@code Url}: a PostgreSQL JDBC URL; unset (default) runs the embedded PostgreSQL
 *                          with its data under the state directory
 * @param user              {@code User}: with {@code Url} only
 * @param password          {@code Password}: with {@code Url} only; never logged
 * @param poolSize          {@code PoolSize}: most connections this replica holds; default 10
 * @param connectionTimeout {@code ConnectionTimeout}: seconds to wait for a connection from the pool; default 30
 * @param embeddedPort      {@code EmbeddedPort}: loopback port of the embedded PostgreSQL; default 0, any free port
 */
public record DatabaseConfig(Optional<String> url, Optional<String> user, Optional<String> password,
                             int poolSize, Duration connectionTimeout, int embeddedPort) {
    public static final DatabaseConfig EMBEDDED = new DatabaseConfig(Optional.empty(), Optional.empty(),
            Optional.empty(), 10, Duration.ofSeconds(30), 0);

    /** An external database at {@code url}, other settings at their defaults. */
    public static DatabaseConfig external(String url, String user, String password) {
        return new DatabaseConfig(Optional.of(url), Optional.of(user), Optional.ofNullable(password),
                EMBEDDED.poolSize, EMBEDDED.connectionTimeout, 0);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url.orElse("(embedded)") + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "****" : "") + ", poolSize=" + poolSize + "]";
    }
}
