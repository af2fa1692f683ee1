package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.Server;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.ServerIdentity;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.GuestType;
import dev.gantry.sim.GuestView;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.IntStream;
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
    void placementAndAStopWithWaitReachTheSimulatedCluster() throws Exception {
        try (ProxmoxSim sim = ProxmoxSim.builder().taskDuration(Duration.ofMillis(300))
                .cluster(new ClusterSpec("cli", 2, 8, 3)).start()) {
            SimCluster cluster = sim.cluster("cli");
            ServerAdminFile admin = ServerAdminFile.read(Path.of(adminFile));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(admin.url() + "/api/v1/clusters"))
                        .header("Authorization", "Bearer " + admin.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cli\",\"kind\":\"proxmox\",\"url\":"
                                + "\"https://127.0.0.1:" + cluster.port() + "\",\"fingerprint\":\"" + sim.fingerprint()
                                + "\",\"credentials\":{\"user\":\"root@pam\",\"password\":\""
                                + cluster.credentials().password() + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            GuestView vm = IntStream.range(100, 116).mapToObj(v -> cluster.guest(v).orElseThrow())
                    .filter(g -> g.type() == GuestType.QEMU && g.status().equals("running")).findFirst().orElseThrow();
            String id = UUID.randomUUID().toString();
            long snapshot = server.database().jdbi().withHandle(h -> h.createQuery("""
                    INSERT INTO inventory_snapshots (started_at, finished_at, status, trigger, replica)
                    VALUES (now(), now(), 'ok', 'api', 'test') RETURNING id""").mapTo(Long.class).one());
            server.database().jdbi().useHandle(h -> {
                h.execute("""
                        INSERT INTO inventory_nodes (snapshot_id, cluster, node, status, cpus, cpu_usage, memory_total,
                            memory_used, disk_total, disk_used, uptime, allocated_cpus, allocated_memory, allocated_disk,
                            instance_count)
                        VALUES (?, 'cli', 'pve1', 'online', 16, 0, 137438953472, 0, 0, 0, 0, 0, 68719476736, 0, 0),
                               (?, 'cli', 'pve2', 'online', 16, 0, 137438953472, 0, 0, 0, 0, 0, 0, 0, 0)""",
                        snapshot, snapshot);
                h.execute("""
                        INSERT INTO inventory_instances (gantry_id, cluster, node, vmid, type, name, status, template, cpus,
                            memory, disk, valid_from)
                        VALUES (CAST(? AS uuid), 'cli', ?, ?, 'qemu', ?, 'running', false, 1, 1073741824, 0, ?)""",
                        id, vm.node(), vm.vmid(), vm.name(), snapshot);
            });

            Cli.Run placed = Cli.run("placement", "--cpu", "2", "--memory", "32G", "--count", "3", "--admin-file", adminFile);
            assertThat(placed.exit()).as(placed.err()).isZero();
            // pve1 starts with 64 GiB allocated: pve2 takes two guests, then holds as much memory and more vCPUs.
            assertThat(placed.out().lines().skip(1).limit(3).map(l -> l.split("\\s+")[2]).toList())
                    .containsExactly("pve2", "pve2", "pve1");

            Cli.Run stop = Cli.run("instance", "stop", id, "--wait", "--admin-file", adminFile);
            assertThat(stop.exit()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("succeeded").contains("\"exitStatus\":\"OK\"");
            assertThat(cluster.guest(vm.vmid()).orElseThrow().status()).isEqualTo("stopped");

            Cli.Run status = Cli.run("instance", "status", id, "--admin-file", adminFile);
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("stopped").contains("cli/" + vm.node() + " qemu " + vm.vmid());

            Cli.Run again = Cli.run("instance", "stop", id, "--admin-file", adminFile);
            assertThat(again.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(again.err()).contains("is stopped: cannot stop it");
        }
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
