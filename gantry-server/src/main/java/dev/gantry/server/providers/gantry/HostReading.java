package dev.gantry.server.providers.gantry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.inventory.ClusterReading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One agent host read for the crawler: the host as a node (from gantryd's /proc routes) and its
 * machines as instances (from /machines). Eight calls per host: agent, cpu, memory, load, uptime,
 * disks, rates, machines.
 */
record HostReading(String version, ClusterReading.Node node, List<ClusterReading.Instance> instances) {
    static final String ROOT = "/";

    static HostReading read(String cluster, String name, AgentClient agent, Instant now) {
        String version = agent.get("/agent").path("version").asText("");
        int cpus = agent.get("/proc/cpu").path("count").asInt();
        JsonNode memory = agent.get("/proc/memory");
        JsonNode load = agent.get("/proc/load");
        long uptime = agent.get("/proc/uptime").path("seconds").asLong();
        JsonNode root = rootFileSystem(agent.get("/proc/disks"));
        double cpuUsage = latestCpuPercent(agent.get("/proc/rates")) / 100.0;
        ClusterReading.Node node = new ClusterReading.Node(name, "online", cpus, cpuUsage,
                memory.path("total").asLong(), memory.path("used").asLong(),
                root == null ? 0 : root.path("size").asLong(), root == null ? 0 : root.path("used").asLong(),
                List.of(load.path("load1").asDouble(), load.path("load5").asDouble(), load.path("load15").asDouble()),
                uptime);
        List<ClusterReading.Instance> instances = new ArrayList<>();
        for (JsonNode m : agent.get("/machines")) {
            instances.add(instance(cluster, name, m, now));
        }
        return new HostReading(version, node, instances);
    }

    /**
     * A machine as an instance of type {@code machine}: keyed by name (no vmid), its gantryId its
     * machine id, which it keeps across reboots and moves. machined knows nothing of its CPU, memory
     * or disk sizes and MACs, so those are zero and empty.
     */
    static ClusterReading.Instance instance(String cluster, String node, JsonNode m, Instant now) {
        String name = m.path("name").asText();
        long uptime = m.hasNonNull("since")
                ? Math.max(0, Duration.between(Instant.parse(m.get("since").asText()), now).toSeconds()) : 0;
        return new ClusterReading.Instance(node, Optional.empty(), "machine", name, status(m.path("state").asText()),
                false, 0, 0, 0, List.of(), uptime, Optional.of(gantryId(cluster, node, name, m.path("id").asText())),
                Optional.empty());
    }

    /** machined's states: opening and running are running; closing is on its way to stopped. */
    static String status(String state) {
        return switch (state) {
            case "opening", "running" -> "running";
            case "closing" -> "stopped";
            default -> "unknown";
        };
    }

    /**
     * The machine id as a UUID. A machine registered without one (all zeros) gets a name-based UUID of
     * cluster, node and name instead: stable while it stays where it is, which is all there is to go by.
     */
    static UUID gantryId(String cluster, String node, String name, String machineId) {
        if (machineId.matches("[0-9a-f]{32}") && !machineId.matches("0{32}")) {
            return UUID.fromString(machineId.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        }
        return UUID.nameUUIDFromBytes(("gantry-machine/" + cluster + "/" + node + "/" + name)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode rootFileSystem(JsonNode disks) {
        for (JsonNode fs : disks.path("fileSystems")) {
            if (ROOT.equals(fs.path("mountPoint").asText())) {
                return fs;
            }
        }
        return null;
    }

    /** The newest sample's CPU share; 0 while the agent has none yet (just started, or sampling off). */
    private static double latestCpuPercent(JsonNode rates) {
        JsonNode samples = rates.path("samples");
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).path("cpuPercent").asDouble();
    }
}
