package dev.gantry.server.power;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.jobs.Job;
import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.jobs.JobWorkers;
import dev.gantry.server.providers.proxmox.ProxmoxClient;
import dev.gantry.server.providers.proxmox.ProxmoxPowerDriver;
import dev.gantry.server.providers.proxmox.SimClusters;
import dev.gantry.server.testing.InventoryRows;
import dev.gantry.server.testing.ModuleApi;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.Fault;
import dev.gantry.sim.GuestType;
import dev.gantry.sim.GuestView;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimClock;
import dev.gantry.sim.SimCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Power actions through the real dispatcher, job queue and workers on PostgreSQL, against the
 * Proxmox simulator: each action's effect is read from the simulator's own state.
 */
class PowerTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private SimClock clock;
    private ProxmoxSim sim;
    private SimCluster lab;
    private ProxmoxPowerDriver driver;
    private JobQueue queue;
    private JobWorkers workers;
    private ModuleApi api;
    private InventoryRows rows;
    private long snapshot;

    @BeforeEach
    void start() throws Exception {
        clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
        // Tasks take one second of the simulator's clock: a job waits for its task until the test moves the clock.
        sim = ProxmoxSim.builder().clock(clock).taskDuration(Duration.ofSeconds(1)).migrationDuration(Duration.ofSeconds(3))
                .cluster(new ClusterSpec("lab", 2, 8, 3)).start();
        lab = sim.cluster("lab");
        driver = new ProxmoxPowerDriver(Duration.ofSeconds(10), clock);
        queue = new JobQueue(pg.jdbi(), TestServer.TEST_JOBS, clock);
        PowerModule module = new PowerModule(new PowerService(pg.jdbi(),
                ClusterDirectory.of(List.of(SimClusters.password(sim, lab))), List.of(driver), queue));
        workers = JobWorkers.start(queue, module.jobHandlers(), TestServer.TEST_JOBS, clock, "power-test");
        api = new ModuleApi(List.of(module));
        rows = new InventoryRows(pg.jdbi());
        snapshot = rows.snapshot("ok", clock.instant());
    }

    @AfterEach
    void stop() throws Exception {
        workers.close();
        driver.close();
        sim.close();
    }

    /** The first guest of {@code type} in {@code status}, per the simulator. */
    private GuestView guest(GuestType type, String status) {
        for (int vmid = 100; vmid < 116; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.type() == type && g.status().equals(status)) {
                return g;
            }
        }
        throw new AssertionError("the seeded cluster has no " + status + " " + type);
    }

    /** Puts {@code g} in the latest snapshot as the crawler would; returns its gantryId. */
    private String inventory(GuestView g) {
        return rows.instance(snapshot, UUID.randomUUID(), "lab", g.node(), g.vmid(), g.type().name().toLowerCase(),
                g.name(), g.status()).toString();
    }

    private String now(int vmid) {
        return lab.guest(vmid).orElseThrow().status();
    }

    private JsonNode act(String gantryId, String action) {
        ModuleApi.Response r = api.call("admin", "POST", "/api/v1/instances/" + gantryId + "/actions/" + action, null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().get("Location")).isEqualTo("/api/v1/jobs/" + r.json().get("id").asText());
        return r.json();
    }

    private Job job(JsonNode accepted) {
        return queue.find(UUID.fromString(accepted.get("id").asText())).orElseThrow();
    }

    /** Waits (real time) until the job is waiting for its task, without moving the simulator's clock. */
    private Job awaitingTask(JsonNode accepted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Job j = job(accepted);
            if (!j.steps().isEmpty() && j.steps().getLast().name().equals("await task")) {
                return j;
            }
            assertThat(j.state().finished()).as("job %s ended before its task: %s", j.id(), j.error()).isFalse();
            Thread.sleep(20);
        }
        throw new AssertionError("job never waited for its task: " + job(accepted));
    }

    /** Moves the simulator's clock a second at a time until the job ends. */
    private Job finished(JsonNode accepted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Job j = job(accepted);
            if (j.state().finished()) {
                return j;
            }
            clock.advance(Duration.ofSeconds(1));
            Thread.sleep(50);
        }
        throw new AssertionError("job did not end: " + job(accepted));
    }

    private long calls(String key) {
        return lab.calls().getOrDefault(key, 0L);
    }

    @Test
    void startFollowsItsTaskToTheEndAndTheGuestRunsInTheSimulator() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "stopped");
        String id = inventory(vm);

        JsonNode accepted = act(id, "start");
        assertThat(accepted.get("kind").asText()).isEqualTo("power.action");

        Job waiting = awaitingTask(accepted);
        // The task runs: the job waits for it and the guest has not changed yet.
        assertThat(waiting.state()).isEqualTo(Job.State.RUNNING);
        assertThat(waiting.message()).startsWith("task UPID:" + vm.node() + ":");
        assertThat(now(vm.vmid())).isEqualTo("stopped");

        Job done = finished(accepted);
        assertThat(done.state()).as(done.error()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(done.result().get("exitStatus").asText()).isEqualTo("OK");
        assertThat(done.result().get("task").asText()).startsWith("UPID:" + vm.node() + ":").contains(":qmstart:" + vm.vmid() + ":");
        assertThat(done.result().get("status").asText()).isEqualTo("running");
        assertThat(done.steps()).extracting(Job.Step::name).containsExactly("locate", "start on " + vm.node(), "await task");
        assertThat(now(vm.vmid())).isEqualTo("running");
        assertThat(calls("POST /nodes/{node}/qemu/{vmid}/status/start")).isEqualTo(1);
        assertThat(calls("GET /nodes/{node}/tasks/{upid}/status")).isGreaterThanOrEqualTo(2);

        ModuleApi.Response status = api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("running");
        assertThat(status.json().get("qmpStatus").asText()).isEqualTo("running");
        assertThat(status.json().get("node").asText()).isEqualTo(vm.node());
        assertThat(status.json().get("vmid").asInt()).isEqualTo(vm.vmid());
    }

    @Test
    void shutdownAndStopStopTheGuestAndSuspendPausesIt() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "running");
        String id = inventory(vm);

        assertThat(finished(act(id, "shutdown")).state()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(now(vm.vmid())).isEqualTo("stopped");
        assertThat(finished(act(id, "start")).state()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(now(vm.vmid())).isEqualTo("running");
        Job suspended = finished(act(id, "suspend"));
        assertThat(suspended.result().get("status").asText()).isEqualTo("paused");
        assertThat(api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null).json().get("qmpStatus")
                .asText()).isEqualTo("paused");
        // A paused guest cannot be suspended again, but it can be stopped.
        assertThat(api.call("admin", "POST", "/api/v1/instances/" + id + "/actions/suspend", null).status()).isEqualTo(409);
        assertThat(finished(act(id, "stop")).state()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(now(vm.vmid())).isEqualTo("stopped");
        assertThat(calls("POST /nodes/{node}/qemu/{vmid}/status/shutdown")).isEqualTo(1);
        assertThat(calls("POST /nodes/{node}/qemu/{vmid}/status/stop")).isEqualTo(1);
    }

    @Test
    void invalidActionsAreRefusedAndNothingIsSentToTheCluster() {
        String stopped = inventory(guest(GuestType.QEMU, "stopped"));
        String running = inventory(guest(GuestType.QEMU, "running"));
        String container = inventory(guest(GuestType.LXC, "running"));

        for (String action : List.of("stop", "shutdown", "reboot", "suspend", "reset")) {
            ModuleApi.Response r = api.call("admin", "POST", "/api/v1/instances/" + stopped + "/actions/" + action, null);
            assertThat(r.status()).as(action).isEqualTo(409);
            assertThat(r.json().get("detail").asText()).isEqualTo("instance " + stopped + " is stopped: cannot " + action + " it");
        }
        ModuleApi.Response start = api.call("admin", "POST", "/api/v1/instances/" + running + "/actions/start", null);
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.json().get("detail").asText()).isEqualTo("instance " + running + " is running: cannot start it");
        ModuleApi.Response resume = api.call("admin", "POST", "/api/v1/instances/" + running + "/actions/resume", null);
        assertThat(resume.status()).isEqualTo(409);

        ModuleApi.Response reset = api.call("admin", "POST", "/api/v1/instances/" + container + "/actions/reset", null);
        assertThat(reset.status()).isEqualTo(422);
        assertThat(reset.json().get("detail").asText()).isEqualTo("lxc guests have no reset action");

        ModuleApi.Response bogus = api.call("admin", "POST", "/api/v1/instances/" + running + "/actions/hibernate", null);
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.json().get("errors").get(0).get("field").asText()).isEqualTo("action");

        assertThat(api.call("admin", "POST", "/api/v1/instances/" + UUID.randomUUID() + "/actions/start", null).status())
                .isEqualTo(404);
        assertThat(api.call("admin", "POST", "/api/v1/instances/not-an-id/actions/start", null).status()).isEqualTo(404);
        assertThat(api.call("admin", "GET", "/api/v1/instances/" + UUID.randomUUID() + "/status", null).status())
                .isEqualTo(404);

        assertThat(lab.calls().keySet()).filteredOn(k -> k.startsWith("POST ") && !k.equals("POST /access/ticket")).isEmpty();
        long jobs = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM jobs").mapTo(Long.class).one());
        assertThat(jobs).isZero();
    }

    @Test
    void aGuestThatMovedSinceTheSnapshotIsActedOnWhereItIsNow() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "stopped");
        String id = inventory(vm);
        String target = vm.node().equals("pve1") ? "pve2" : "pve1";
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, lab), Duration.ofSeconds(10), clock)) {
            client.post("nodes/" + vm.node() + "/qemu/" + vm.vmid() + "/migrate", Map.of("target", target));
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(lab.guest(vm.vmid()).orElseThrow().node()).isEqualTo(target);

        Job done = finished(act(id, "start"));

        assertThat(done.state()).as(done.error()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(done.result().get("node").asText()).isEqualTo(target);
        GuestView after = lab.guest(vm.vmid()).orElseThrow();
        assertThat(after.node()).isEqualTo(target);
        assertThat(after.status()).isEqualTo("running");
        assertThat(api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null).json().get("node").asText())
                .isEqualTo(target);
    }

    @Test
    void aTicketThatExpiresWhileTheJobWaitsIsRenewedAndTheActionCompletes() throws Exception {
        GuestView vm = guest(GuestType.QEMU, "running");
        String id = inventory(vm);

        JsonNode accepted = act(id, "stop");
        awaitingTask(accepted);
        assertThat(calls("POST /access/ticket")).isEqualTo(1);
        clock.advance(Duration.ofHours(2).plusMinutes(1));

        Job done = finished(accepted);

        assertThat(done.state()).as(done.error()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(now(vm.vmid())).isEqualTo("stopped");
        assertThat(calls("POST /access/ticket")).isEqualTo(2);
        assertThat(api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null).json().get("status").asText())
                .isEqualTo("stopped");
    }

    @Test
    void aTaskThatFailsFailsTheJobWithTheProvidersMessage() throws Exception {
        // A stopped container may have been suspended (a checkpoint), so resume is allowed; this one never was.
        GuestView ct = guest(GuestType.LXC, "running");
        String id = inventory(ct);
        assertThat(finished(act(id, "stop")).state()).isEqualTo(Job.State.SUCCEEDED);
        assertThat(now(ct.vmid())).isEqualTo("stopped");

        Job failed = finished(act(id, "resume"));

        assertThat(failed.state()).isEqualTo(Job.State.FAILED);
        assertThat(failed.error()).startsWith("task UPID:" + ct.node() + ":").endsWith(
                " failed: command 'lxc-checkpoint -n " + ct.vmid() + " -r --foreground -D /var/lib/vz/dump' failed: exit code 1");
        assertThat(now(ct.vmid())).isEqualTo("stopped");
    }

    @Test
    void aClusterThatDoesNotAnswerIs503AndAnUnregisteredOneIs404() {
        String id = inventory(guest(GuestType.QEMU, "running"));
        lab.setFault(Fault.down());
        ModuleApi.Response down = api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("title").asText()).isEqualTo("cluster lab is unavailable");
        lab.setFault(Fault.none());

        String elsewhere = rows.instance(snapshot, UUID.randomUUID(), "gone", "pve1", 100, "qemu", "x", "running").toString();
        ModuleApi.Response r = api.call("admin", "POST", "/api/v1/instances/" + elsewhere + "/actions/stop", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).isEqualTo("instance " + elsewhere + " is on cluster gone, which is not registered");
    }

    @Test
    void aGuestRemovedInTheLatestSnapshotIsUnknown() {
        GuestView vm = guest(GuestType.QEMU, "running");
        String id = inventory(vm);
        long next = rows.snapshot("ok", clock.instant().plusSeconds(300));
        pg.jdbi().useHandle(h -> h.createUpdate("UPDATE inventory_instances SET valid_to = :next").bind("next", next).execute());

        ModuleApi.Response r = api.call("admin", "GET", "/api/v1/instances/" + id + "/status", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).isEqualTo("no instance " + id + " in the latest inventory snapshot");
    }
}
