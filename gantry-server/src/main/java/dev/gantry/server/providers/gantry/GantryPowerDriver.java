package dev.gantry.server.providers.gantry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.power.PowerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Power actions on the machines of a gantry cluster, through the agent of the machine's host
 * ({@code POST /api/v1/machines/{name}/actions/...}). The instance actions map to machinectl's:
 * <ul>
 *   <li>{@code start} → start (boots the image's systemd-nspawn@.service);</li>
 *   <li>{@code shutdown} → poweroff (SIGRTMIN+4 to the machine's init: a clean halt);</li>
 *   <li>{@code stop} → terminate (machined stops the machine's unit at once, as Proxmox's stop pulls the plug);</li>
 *   <li>{@code reboot} → reboot (SIGINT to its init);</li>
 *   <li>{@code reset}, {@code suspend}, {@code resume}: none; machined has no reset and cannot freeze a
 *       machine. The power module's table refuses them for type {@code machine} with a 422 before any
 *       driver is asked; {@link #begin} refuses them with a 422 too.</li>
 * </ul>
 * The agent answers start once systemd's job is done and the others once machined took them, so the
 * task id names what to wait for: {@link #awaitTask} then watches the machine until it is running
 * (start), gone (shutdown, stop) or running under a new leader (reboot).
 */
public final class GantryPowerDriver implements PowerDriver {
    static final Map<String, String> ACTIONS = Map.of("start", "start", "shutdown", "poweroff", "stop", "terminate",
            "reboot", "reboot");
    static final String TASK_PREFIX = "gantry:";
    /** Enough for the agent's start, which waits up to 90 s for systemd-nspawn@.service's job. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(100);
    private final Duration callTimeout;

    /** @param callTimeout the longest one call to an agent may take (a start waits for the container to boot) */
    public GantryPowerDriver(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    @Override
    public ClusterAccess.Kind kind() {
        return ClusterAccess.Kind.GANTRY;
    }

    /** A machine machined does not track is stopped: its image may be there to start, but nothing runs. */
    @Override
    public LiveStatus status(ClusterAccess cluster, Target target) {
        Optional<JsonNode> machine = machine(cluster, target);
        return machine.map(m -> new LiveStatus(HostReading.status(m.path("state").asText()), Optional.empty(),
                        HostReading.instance(cluster.name(), target.node(), m, Instant.now()).uptimeSeconds(),
                        (Object) m))
                .orElseGet(() -> new LiveStatus("stopped", Optional.empty(), 0, Map.of()));
    }

    /**
     * Performs the action on the agent; the task id is {@code gantry:ACTION:LEADER:NAME}, LEADER being the
     * machine's leader PID before the action (0 when it did not run). An agent's 404 or 409 is passed on
     * with its status (unknown machine, wrong state).
     */
    @Override
    public String begin(ClusterAccess cluster, Target target, String action) {
        String agentAction = ACTIONS.get(action);
        if (agentAction == null || !target.type().equals("machine")) {
            throw ApiException.unprocessable("gantry machines have no " + action + "; they support "
                    + String.join(", ", ACTIONS.keySet()));
        }
        long leader = machine(cluster, target).map(m -> m.path("leader").asLong()).orElse(0L);
        AgentClient.Answer answer = call(cluster, target, agent -> agent.post("/machines/" + target.name()
                + "/actions/" + agentAction, null));
        if (answer.status() == 404) {
            throw ApiException.notFound("agent " + answer.agent() + ": " + answer.detail());
        }
        if (answer.status() == 409) {
            throw ApiException.conflict("agent " + answer.agent() + ": " + answer.detail());
        }
        answer.orThrow("POST " + agentAction + " " + target.name());
        return TASK_PREFIX + agentAction + ":" + leader + ":" + target.name();
    }

    @Override
    public Optional<String> awaitTask(ClusterAccess cluster, Target target, String taskId, Duration wait)
            throws InterruptedException {
        String[] task = taskId.split(":", 4);
        if (task.length != 4 || !taskId.startsWith(TASK_PREFIX)) {
            throw new IllegalArgumentException("not a gantry task id: " + taskId);
        }
        String action = task[1];
        long leaderBefore = Long.parseLong(task[2]);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<JsonNode> machine = machine(cluster, target);
            boolean done = switch (action) {
                case "start" -> machine.isPresent() && machine.get().path("state").asText().equals("running");
                case "reboot" -> machine.isPresent() && machine.get().path("state").asText().equals("running")
                        && machine.get().path("leader").asLong() != leaderBefore;
                default -> machine.isEmpty();
            };
            if (done) {
                return Optional.of("OK");
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private Optional<JsonNode> machine(ClusterAccess cluster, Target target) {
        return call(cluster, target, agent -> agent.find("/machines/" + target.name()));
    }

    private <R> R call(ClusterAccess cluster, Target target, Function<AgentClient, R> use) {
        ClusterAccess.AgentEndpoint endpoint = AgentHosts.find(cluster, target.node());
        try (AgentClient agent = AgentClient.open(cluster, endpoint, callTimeout, new AtomicInteger())) {
            return use.apply(agent);
        }
    }
}
