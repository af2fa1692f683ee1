package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    /** The file the package installs as /etc/gantry/server.toml. */
    private static final Path SHIPPED = Path.of("../packaging/src/deb/etc/server.toml");

    @Test
    void theShippedFileStatesExactlyTheDefaults() throws Exception {
        assertThat(ServerConfig.read(TomlConfig.load(SHIPPED))).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void noFileMeansEveryDefaultAndTheEmbeddedDatabase() throws Exception {
        ServerConfig config = ServerConfig.read(TomlConfig.parse("", "server.toml"));

        assertThat(config.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().poolSize()).isEqualTo(10);
        assertThat(config.jobs().workers()).isEqualTo(4);
        assertThat(config.jobs().lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jobs().maxAttempts()).isEqualTo(3);
    }

    @Test
    void anExternalDatabaseIsReadWithItsCredentialsAndThePasswordIsNeverPrinted() throws Exception {
        ServerConfig config = ServerConfig.read(TomlConfig.parse("""
                [Database]
                Url = "jdbc:postgresql://db.example:5432/gantry"
                User = "gantry"
                Password = "s3cret"
                PoolSize = 20
                """, "server.toml"));

        assertThat(config.database().embedded()).isFalse();
        assertThat(config.database().url()).contains("jdbc:postgresql://db.example:5432/gantry");
        assertThat(config.database().user()).contains("gantry");
        assertThat(config.database().password()).isEqualTo(Optional.of("s3cret"));
        assertThat(config.database().poolSize()).isEqualTo(20);
        assertThat(config.toString()).doesNotContain("s3cret").contains("****");
    }

    @Test
    void everyBadValueIsReportedWithItsLineAtOnce() {
        assertThatThrownBy(() -> ServerConfig.read(TomlConfig.parse("""
                [Server]
                Listen = "localhost"
                [Database]
                Url = "mysql://x"
                PoolSize = 0
                [Jobs]
                Lease = 0
                Workerz = 3
                """, "server.toml")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "server.toml:2: [Server] Listen = \"localhost\": expected an IP address and port such as 127.0.0.1:5208 or [::1]:5208",
                        "server.toml:4: [Database] Url = \"mysql://x\": expected a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/gantry",
                        "server.toml:5: [Database] PoolSize = 0: expected a number from 1 to 1000",
                        "server.toml:7: [Jobs] Lease = 0: expected a number from 1 to 86400",
                        "server.toml:8: unknown key Workerz in [Jobs]; known keys: Lease, MaxAttempts, Workers"));
    }

    @Test
    void credentialsWithoutAUrlAreRejected() {
        assertThatThrownBy(() -> ServerConfig.read(TomlConfig.parse("[Database]\nUser = \"x\"\n", "server.toml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("User and Password need Url");
    }

    @Test
    void checkConfigExitsZeroForAGoodFileAnd78ForABadOne(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.toml");
        Files.writeString(good, "[Server]\nListen = \"0.0.0.0:9090\"\n");
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "[Nonsense]\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(GantryServer.run(new String[] {"--config", good.toString(), "--check-config"},
                new PrintStream(out), new PrintStream(err), false)).isZero();
        assertThat(out.toString()).isEqualTo(good + ": ok\n");
        assertThat(GantryServer.run(new String[] {"--config", bad.toString(), "--check-config"},
                new PrintStream(out), new PrintStream(err), false)).isEqualTo(GantryServer.EXIT_CONFIG);
        assertThat(err.toString()).contains("unknown section [Nonsense]");
        assertThat(GantryServer.run(new String[] {"--bogus"}, new PrintStream(out), new PrintStream(err), false))
                .isEqualTo(GantryServer.EXIT_USAGE);
    }
}
