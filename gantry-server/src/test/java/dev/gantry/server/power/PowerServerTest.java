package dev.gantry.server.power;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.InventoryRows;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.GuestType;
import dev.gantry.sim.GuestView;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server over HTTP: a simulated cluster registered through {@code /api/v1/clusters}, its
 * nodes and a guest in the inventory; placement chooses among its nodes and a power action runs as
 * a job of the server's workers, changing the guest in the simulator.
 */
class PowerServerTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path state;

    private static JsonNode finished(TestServer server, String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = server.admin("GET", location, null).json();
            if (job.path("state").asText().equals("succeeded") || job.path("state").asText().equals("failed")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job did not end: " + job);
    }

    @Test
    void aRegisteredClustersGuestIsStoppedAndItsNodesArePlacedOn() throws Exception {
        try (ProxmoxSim sim = ProxmoxSim.builder().taskDuration(Duration.ofMillis(300))
                .cluster(new ClusterSpec("lab", 2, 8, 3)).start();
             TestServer server = TestServer.start(pg, state)) {
            SimCluster lab = sim.cluster("lab");
            TestServer.Response registered = server.admin("POST", "/api/v1/clusters", "{\"name\":\"lab\",\"kind\":\"proxmox\","
                    + "\"url\":\"https://127.0.0.1:" + lab.port() + "\",\"fingerprint\":\"" + sim.fingerprint() + "\","
                    + "\"credentials\":{\"user\":\"" + lab.credentials().user() + "\",\"password\":\""
                    + lab.credentials().password() + "\"},\"excludeNodes\":[\"pve1\"]}");
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);

            InventoryRows rows = new InventoryRows(pg.jdbi());
            long s = rows.snapshot("ok", Instant.now());
            rows.node(s, InventoryRows.Node.empty("lab", "pve1", 64, 512L << 30, 0));
            rows.node(s, InventoryRows.Node.empty("lab", "pve2", 16, 128L << 30, 0));
            GuestView vm = null;
            for (int vmid = 100; vmid < 116 && vm == null; vmid++) {
                GuestView g = lab.guest(vmid).orElseThrow();
                if (g.type() == GuestType.QEMU && g.status().equals("running")) {
                    vm = g;
                }
            }
            assertThat(vm).as("a running VM in the seeded cluster").isNotNull();
            UUID id = rows.instance(s, UUID.randomUUID(), "lab", vm.node(), vm.vmid(), "qemu", vm.name(), "running");

            TestServer.Response placed = server.admin("POST", "/api/v1/placement", "{\"cpu\":2,\"memory\":4294967296}");
            assertThat(placed.status()).as(placed.body()).isEqualTo(200);
            // pve1 is bigger and idle, but excluded by the cluster's registration.
            assertThat(placed.json().at("/choices/0/node").asText()).isEqualTo("pve2");

            TestServer.Response stop = server.admin("POST", "/api/v1/instances/" + id + "/actions/stop", null);
            assertThat(stop.status()).as(stop.body()).isEqualTo(202);
            JsonNode job = finished(server, stop.header("Location"));
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.at("/result/exitStatus").asText()).isEqualTo("OK");
            assertThat(lab.guest(vm.vmid()).orElseThrow().status()).isEqualTo("stopped");

            TestServer.Response again = server.admin("POST", "/api/v1/instances/" + id + "/actions/stop", null);
            assertThat(again.status()).isEqualTo(409);
            assertThat(server.admin("GET", "/api/v1/instances/" + id + "/status", null).json().path("status").asText())
                    .isEqualTo("stopped");
        }
    }

    @Test
    void aGuestFoundByTheCrawlersGantryIdIsStartedWhereItIsNow() throws Exception {
        try (ProxmoxSim sim = ProxmoxSim.builder().taskDuration(Duration.ofMillis(300))
                .migrationDuration(Duration.ofMillis(300)).cluster(new ClusterSpec("lab", 2, 8, 3)).start();
             TestServer server = TestServer.start(pg, state)) {
            SimCluster lab = sim.cluster("lab");
            assertThat(server.admin("POST", "/api/v1/clusters", "{\"name\":\"lab\",\"kind\":\"proxmox\","
                    + "\"url\":\"https://127.0.0.1:" + lab.port() + "\",\"fingerprint\":\"" + sim.fingerprint() + "\","
                    + "\"credentials\":{\"tokenId\":\"" + lab.credentials().tokenId() + "\",\"tokenSecret\":\""
                    + lab.credentials().tokenSecret() + "\"}}").status()).isEqualTo(201);
            TestServer.Response crawl = server.admin("POST", "/api/v1/inventory/crawls", null);
            assertThat(crawl.status()).as(crawl.body()).isEqualTo(202);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (server.admin("GET", crawl.header("Location"), null).json().path("status").asText().equals("running")) {
                assertThat(System.nanoTime()).as("crawl still running").isLessThan(deadline);
                Thread.sleep(100);
            }
            GuestView vm = null;
            for (int vmid = 100; vmid < 116 && vm == null; vmid++) {
                GuestView g = lab.guest(vmid).orElseThrow();
                if (g.type() == GuestType.QEMU && g.status().equals("stopped")) {
                    vm = g;
                }
            }
            assertThat(vm).as("a stopped VM in the seeded cluster").isNotNull();
            int vmid = vm.vmid();
            String id = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT gantry_id::text FROM inventory_instances WHERE cluster = 'lab' AND vmid = :vmid AND valid_to IS NULL")
                    .bind("vmid", vmid).mapTo(String.class).one());
            // Migrated after the crawl: the snapshot still says the old node.
            String target = vm.node().equals("pve1") ? "pve2" : "pve1";
            try (var client = dev.gantry.server.providers.proxmox.ProxmoxClient.open(
                    dev.gantry.server.providers.proxmox.SimClusters.token(sim, lab), Duration.ofSeconds(10),
                    java.time.Clock.systemUTC())) {
                client.post("nodes/" + vm.node() + "/qemu/" + vmid + "/migrate", java.util.Map.of("target", target));
            }
            while (!lab.guest(vmid).orElseThrow().node().equals(target)) {
                assertThat(System.nanoTime()).as("migration still running").isLessThan(deadline);
                Thread.sleep(50);
            }

            TestServer.Response start = server.admin("POST", "/api/v1/instances/" + id + "/actions/start", null);
            assertThat(start.status()).as(start.body()).isEqualTo(202);
            JsonNode job = finished(server, start.header("Location"));

            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
            assertThat(job.at("/result/node").asText()).isEqualTo(target);
            assertThat(lab.guest(vmid).orElseThrow().status()).isEqualTo("running");
            assertThat(lab.guest(vmid).orElseThrow().node()).isEqualTo(target);
        }
    }
}
