package dev.gantry.server.providers.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.power.PowerDriver;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Power actions on Proxmox VE guests: {@code POST …/{vmid}/status/{action}} answers a UPID at once,
 * the task then runs on the node; {@code GET /nodes/{node}/tasks/{upid}/status} says when it stopped
 * and how ({@code exitstatus} {@code OK}, or the error). Keeps one {@link ProxmoxClient} per cluster,
 * so a ticket is taken once and renewed, not taken per action as HyperProxmox did.
 */
public final class ProxmoxPowerDriver implements PowerDriver, AutoCloseable {
    /** How often a task's status is asked while waiting for it. */
    static final Duration TASK_POLL = Duration.ofMillis(250);

    private final Duration callTimeout;
    private final Clock clock;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    private record Connection(ClusterAccess access, ProxmoxClient client) {
    }

    /**
     * @param callTimeout the longest one API call may take
     * @param clock       the clock tickets are dated by (tests move it past their 2-hour life)
     */
    public ProxmoxPowerDriver(Duration callTimeout, Clock clock) {
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public ClusterAccess.Kind kind() {
        return ClusterAccess.Kind.PROXMOX;
    }

    /** Where the guest is now, from {@code /cluster/resources?type=vm}: one call, whichever node it moved to. */
    @Override
    public Optional<Target> locate(ClusterAccess cluster, Target last) {
        int vmid = vmid(last);
        for (JsonNode guest : client(cluster).get("cluster/resources?type=vm")) {
            if (guest.path("vmid").asInt(-1) == vmid) {
                return Optional.of(new Target(guest.path("node").asText(), Optional.of(vmid),
                        guest.path("type").asText(last.type()), guest.path("name").asText(last.name())));
            }
        }
        return Optional.empty();
    }

    /** {@code status/current}; a running VM whose QEMU is paused or suspended reports {@code paused}. */
    @Override
    public LiveStatus status(ClusterAccess cluster, Target target) {
        JsonNode current = client(cluster).get(ProxmoxClient.guestPath(target.node(), target.type(), vmid(target))
                + "/status/current");
        String status = current.path("status").asText("unknown");
        Optional<String> qmp = current.hasNonNull("qmpstatus") ? Optional.of(current.get("qmpstatus").asText())
                : Optional.empty();
        if (status.equals("running") && qmp.map(q -> q.equals("paused") || q.equals("suspended")).orElse(false)) {
            status = "paused";
        }
        return new LiveStatus(status, qmp, current.path("uptime").asLong(0), current);
    }

    @Override
    public String begin(ClusterAccess cluster, Target target, String action) {
        JsonNode upid = client(cluster).post(ProxmoxClient.guestPath(target.node(), target.type(), vmid(target))
                + "/status/" + action, Map.of());
        if (!upid.isTextual() || !upid.asText().startsWith("UPID:")) {
            throw new ProxmoxException(502, "cluster " + cluster.name() + " answered " + action + " without a task: " + upid);
        }
        return upid.asText();
    }

    /** Asks the task's node (named in the UPID: the guest may move, the task does not) until it stopped. */
    @Override
    public Optional<String> awaitTask(ClusterAccess cluster, Target target, String taskId, Duration wait)
            throws InterruptedException {
        String node = taskId.split(":", 3)[1];
        String path = "nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/tasks/"
                + URLEncoder.encode(taskId, StandardCharsets.UTF_8) + "/status";
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode task = client(cluster).get(path);
            if (task.path("status").asText().equals("stopped")) {
                return Optional.of(task.path("exitstatus").asText("unknown"));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, TASK_POLL.toNanos())));
        }
    }

    private static int vmid(Target target) {
        return target.vmid().orElseThrow(() -> new IllegalArgumentException(
                "a Proxmox guest has a vmid; " + target.name() + " has none"));
    }

    /** The cluster's client, opened anew when its registration changed (new URL, credentials, pin). */
    private ProxmoxClient client(ClusterAccess access) {
        Connection c = connections.compute(access.name(), (name, old) -> {
            if (old != null && old.access().equals(access)) {
                return old;
            }
            if (old != null) {
                old.client().close();
            }
            return new Connection(access, ProxmoxClient.open(access, callTimeout, clock));
        });
        return c.client();
    }

    @Override
    public void close() {
        connections.values().forEach(c -> c.client().close());
        connections.clear();
    }
}
