package dev.gantry.server.providers.gantry;

import dev.gantry.server.clusters.ClusterAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent hosts of a gantry cluster by node name. A node is named after its endpoint's host
 * ({@code https://host1.example:5208} → {@code host1.example}), or host and port where two endpoints
 * share a host (agents on one address, as in tests). Names come from the registration alone, so the
 * crawler and power actions agree on them without asking any agent.
 */
final class AgentHosts {
    private AgentHosts() {
    }

    static Map<String, ClusterAccess.AgentEndpoint> of(ClusterAccess cluster) {
        if (!(cluster.credentials() instanceof ClusterAccess.Credentials.Agents agents)) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " is of kind " + cluster.kind().wire()
                    + " and has no agent endpoints");
        }
        List<ClusterAccess.AgentEndpoint> endpoints = agents.agents();
        Map<String, ClusterAccess.AgentEndpoint> byName = new LinkedHashMap<>();
        for (ClusterAccess.AgentEndpoint e : endpoints) {
            String host = e.url().getHost();
            boolean shared = endpoints.stream().filter(o -> o.url().getHost().equals(host)).count() > 1;
            byName.put(shared ? host + ":" + e.url().getPort() : host, e);
        }
        return byName;
    }

    static ClusterAccess.AgentEndpoint find(ClusterAccess cluster, String node) {
        return Optional.ofNullable(of(cluster).get(node)).orElseThrow(() -> new AgentException(
                "cluster " + cluster.name() + " has no agent host " + node + "; hosts: " + of(cluster).keySet()));
    }
}
