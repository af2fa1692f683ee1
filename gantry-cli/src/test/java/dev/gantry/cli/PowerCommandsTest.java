package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry placement and gantry instance against a real gantry-server, as root on the server host runs them. */
class PowerCommandsTest {
    @TempDir
    static Path stateDir;
    static Server server;
    static String adminFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = Server.start(ServerConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0)), stateDir,
                Clock.systemUTC(), ServerIdentity.placeholder());
        adminFile = server.adminFile().toString();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void placementSendsTheSizesInBytesAndShowsTheServersRefusal() {
        long snapshot = server.database().jdbi().withHandle(h -> h.createQuery("""
                INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)
                VALUES (now(), now(), 'ok', 'api', 'test') RETURNING id""").mapTo(Long.class).one());
        server.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO inventory_nodes (snapshot_id, cluster, node, status, cpus, cpu_usage, memory_total, memory_used,
                    disk_total, disk_used, uptime, allocated_cpus, allocated_memory, allocated_disk, instance_count)
                VALUES (?, 'unknown', 'pve1', 'online', 16, 0, 137438953472, 0, 0, 0, 0, 0, 0, 0, 0)""", snapshot));

        Cli.Run run = Cli.run("placement", "--cpu", "2", "--memory", "4G", "--disk", "32GiB", "--count", "2",
                "--admin-file", adminFile);

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).contains("no candidate node in snapshot " + snapshot + " (1 cluster not registered)");
    }

    @Test
    void badSizesAndUnknownActionsAreUsageErrors() {
        Cli.Run size = Cli.run("placement", "--cpu", "2", "--memory", "4X", "--admin-file", adminFile);
        assertThat(size.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(size.err()).contains("'4X' is not a size");

        Cli.Run action = Cli.run("instance", "hibernate", UUID.randomUUID().toString(), "--admin-file", adminFile);
        assertThat(action.exit()).isEqualTo(Gantry.EXIT_USAGE);
    }

    @Test
    void anUnknownGuestIsTheServers404() {
        String id = UUID.randomUUID().toString();
        Cli.Run status = Cli.run("instance", "status", id, "--admin-file", adminFile);
        assertThat(status.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(status.err()).contains("no instance " + id);

        Cli.Run stop = Cli.run("instance", "stop", id, "--wait", "--admin-file", adminFile);
        assertThat(stop.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(stop.err()).contains("no instance " + id);
    }

    @Test
    void sizesAreBinaryMultiples() {
        assertThat(ByteSizes.parse("512")).isEqualTo(512);
        assertThat(ByteSizes.parse("4G")).isEqualTo(4L << 30);
        assertThat(ByteSizes.parse("4GiB")).isEqualTo(4L << 30);
        assertThat(ByteSizes.parse("2tb")).isEqualTo(2L << 40);
        assertThat(ByteSizes.parse("64M")).isEqualTo(64L << 20);
    }
}
