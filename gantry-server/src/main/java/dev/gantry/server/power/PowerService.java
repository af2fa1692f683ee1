package dev.gantry.server.power;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.jobs.Job;
import dev.gantry.server.jobs.JobHandler;
import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.jobs.JobRun;
import dev.gantry.server.jobs.NewJob;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Power actions and live status of inventory guests. A request finds the guest by gantryId in the
 * latest snapshot, then where it is now (it may have migrated), checks the action against its type
 * and live state, and queues a job; the job starts the action and follows the provider's task to
 * its end.
 */
public final class PowerService {
    static final String JOB_KIND = "power.action";
    /** How long one wait for the task lasts before the job reports progress (and so renews its record). */
    static final Duration TASK_POLL = Duration.ofSeconds(2);
    /** A task still running after this fails the job; Proxmox's own shutdown timeout is 3 minutes. */
    static final Duration TASK_LIMIT = Duration.ofMinutes(30);

    private final Jdbi jdbi;
    private final ClusterDirectory clusters;
    private final Map<ClusterAccess.Kind, PowerDriver> drivers;
    private final JobQueue jobs;

    public PowerService(Jdbi jdbi, ClusterDirectory clusters, List<PowerDriver> drivers, JobQueue jobs) {
        this.jdbi = jdbi;
        this.clusters = clusters;
        this.drivers = new EnumMap<>(ClusterAccess.Kind.class);
        for (PowerDriver d : drivers) {
            if (this.drivers.putIfAbsent(d.kind(), d) != null) {
                throw new IllegalStateException("two power drivers for " + d.kind().wire() + " clusters");
            }
        }
        this.jobs = jobs;
    }

    /** A guest's live state, as its provider reports it now. */
    public record InstanceStatus(UUID gantryId, String cluster, String node, Integer vmid, String type, String name,
                                 String status, String qmpStatus, long uptimeSeconds, JsonNode detail) {
    }

    /** What a power job needs: the guest as the request found it, and the action. */
    public record ActionInput(UUID gantryId, String cluster, String node, Integer vmid, String type, String name,
                              String action) {
        PowerDriver.Target target() {
            return new PowerDriver.Target(node, Optional.ofNullable(vmid), type, name);
        }
    }

    /**
     * A finished power job's result.
     *
     * @param task       the provider's task id (Proxmox UPID); absent when an earlier attempt had already done it
     * @param exitStatus the task's exit status, {@code OK}
     * @param status     the guest's state once the task ended
     */
    public record ActionResult(UUID gantryId, String cluster, String node, Integer vmid, String action, String task,
                               String exitStatus, String status) {
    }

    private record Located(InventoryGuest guest, ClusterAccess cluster, PowerDriver driver, PowerDriver.Target target) {
    }

    public InstanceStatus status(String gantryId) {
        Located at = locate(gantryId);
        PowerDriver.LiveStatus live = live(at);
        return new InstanceStatus(at.guest().gantryId(), at.cluster().name(), at.target().node(),
                at.target().vmid().orElse(null), at.target().type(), at.target().name(), live.status(),
                live.qmpStatus().orElse(null), live.uptimeSeconds(), Json.mapper().valueToTree(live.detail()));
    }

    /**
     * Queues {@code action} on the guest: 400 for an unknown action, 404 for an unknown guest, 422 for
     * an action its type lacks, 409 when its live state does not allow it. Nothing reaches the provider
     * but the status query until the job runs.
     */
    public Job act(String gantryId, String actionName, String caller) {
        PowerAction action = PowerAction.of(actionName).orElseThrow(() -> ApiException.invalid("action", "enum",
                "one of " + String.join(", ", PowerAction.names()), actionName));
        Located at = locate(gantryId);
        String type = at.target().type();
        if (!action.appliesTo(type)) {
            throw ApiException.unprocessable(type + " guests have no " + action.wire() + " action");
        }
        PowerAction.PowerState state = PowerAction.PowerState.of(live(at).status());
        if (!action.startsFrom(state, type)) {
            throw ApiException.conflict("instance " + gantryId + " is " + state.wire() + ": cannot " + action.wire() + " it");
        }
        PowerDriver.Target t = at.target();
        ActionInput input = new ActionInput(at.guest().gantryId(), at.cluster().name(), t.node(), t.vmid().orElse(null),
                type, t.name(), action.wire());
        return jobs.submit(NewJob.of(JOB_KIND, null, input)
                .withResource("inventory-instances", at.guest().gantryId())
                .withDescription(action.wire() + " " + type + " " + t.name() + " on " + at.cluster().name() + "/" + t.node())
                .withCreatedBy(caller));
    }

    /** The job: locate again (the guest may have moved since the request), begin, follow the task. */
    Object run(JobRun run) throws Exception {
        ActionInput in = run.input(ActionInput.class);
        PowerAction action = PowerAction.of(in.action())
                .orElseThrow(() -> new IllegalArgumentException("unknown action " + in.action()));
        ClusterAccess cluster = clusters.find(in.cluster())
                .orElseThrow(() -> new IllegalStateException("cluster " + in.cluster() + " is no longer registered"));
        PowerDriver driver = driver(cluster);
        run.step("locate");
        PowerDriver.Target target = driver.locate(cluster, in.target()).orElseThrow(() -> new IllegalStateException(
                "instance " + in.gantryId() + " is no longer on cluster " + in.cluster()));
        Optional<PowerAction.PowerState> goal = action.reaches(in.type());
        if (run.attempt() > 1 && goal.isPresent()
                && PowerAction.PowerState.of(driver.status(cluster, target).status()) == goal.get()) {
            // An earlier attempt's worker was lost after the action began: it is done, do not repeat it.
            return new ActionResult(in.gantryId(), in.cluster(), target.node(), in.vmid(), action.wire(), null, "OK",
                    goal.get().wire());
        }
        run.step(action.wire() + " on " + target.node());
        String task = driver.begin(cluster, target, action.wire());
        run.progress(10, "task " + task);
        run.step("await task");
        long started = System.nanoTime();
        while (true) {
            Optional<String> exit = driver.awaitTask(cluster, target, task, TASK_POLL);
            if (exit.isPresent()) {
                if (!exit.get().equals("OK")) {
                    throw new IllegalStateException("task " + task + " failed: " + exit.get());
                }
                break;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (waited.compareTo(TASK_LIMIT) > 0) {
                throw new IllegalStateException("task " + task + " still running after " + TASK_LIMIT.toMinutes() + " min");
            }
            run.progress(50, "task " + task + " running for " + waited.toSeconds() + " s");
        }
        String after = driver.status(cluster, target).status();
        return new ActionResult(in.gantryId(), in.cluster(), target.node(), in.vmid(), action.wire(), task, "OK", after);
    }

    private Located locate(String gantryId) {
        InventoryGuest guest = InventoryGuest.find(jdbi, gantryId);
        ClusterAccess cluster = clusters.find(guest.cluster()).orElseThrow(() -> ApiException.notFound(
                "instance " + gantryId + " is on cluster " + guest.cluster() + ", which is not registered"));
        PowerDriver driver = driver(cluster);
        PowerDriver.Target target = provider(cluster, () -> driver.locate(cluster, guest.target()))
                .orElseThrow(() -> ApiException.notFound("instance " + gantryId + " (" + guest.type()
                        + guest.vmid().map(v -> " " + v).orElse("") + ") is no longer on cluster " + cluster.name()));
        return new Located(guest, cluster, driver, target);
    }

    private PowerDriver.LiveStatus live(Located at) {
        return provider(at.cluster(), () -> at.driver().status(at.cluster(), at.target()));
    }

    private PowerDriver driver(ClusterAccess cluster) {
        PowerDriver driver = drivers.get(cluster.kind());
        if (driver == null) {
            throw new ApiException(501, "not-implemented", "Not implemented",
                    "no power driver for " + cluster.kind().wire() + " clusters in this server");
        }
        return driver;
    }

    private interface ProviderCall<T> {
        T call() throws Exception;
    }

    /** A provider that cannot answer is a 503 naming the cluster; the caller may try again. */
    private static <T> T provider(ClusterAccess cluster, ProviderCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("cluster " + cluster.name(), "interrupted");
        } catch (Exception e) {
            throw ApiException.unavailable("cluster " + cluster.name(), e.getMessage());
        }
    }

    Map<String, JobHandler> jobHandlers() {
        return Map.of(JOB_KIND, this::run);
    }
}
