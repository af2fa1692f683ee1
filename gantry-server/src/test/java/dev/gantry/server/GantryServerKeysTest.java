package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** gantry-server as systemd runs it: a wrong master key is exit 78 (EX_CONFIG) with one line saying what to do. */
class GantryServerKeysTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path dir;

    @Test
    void aWrongKeyFileRefusesTheStartWithExit78AndTheReason() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("server.toml"), """
                [Server]
                Listen = "127.0.0.1:%d"
                [Database]
                Url = "%s"
                User = "postgres"
                """.formatted(port, pg.jdbcUrl()));
        try (Server first = Server.start(ServerConfig.read(dev.gantry.common.config.TomlConfig.load(config)), dir,
                java.time.Clock.systemUTC(), ServerIdentity.placeholder())) {
            assertThat(dir.resolve("master.key")).exists();
        }
        Files.writeString(dir.resolve("master.key"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = GantryServer.run(new String[] {"--config", config.toString(), "--state-dir", dir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        assertThat(exit).isEqualTo(GantryServer.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gantry-server: cannot start: wrong master key: "
                + dir.resolve("master.key") + " holds key ").contains("Use this database's key file").endsWith("docs/server/clusters.md.\n");
    }
}
