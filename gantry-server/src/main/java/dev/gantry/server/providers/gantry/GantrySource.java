package dev.gantry.server.providers.gantry;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.inventory.ClusterReading;
import dev.gantry.server.inventory.ClusterSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a gantry cluster: its agent hosts as nodes and the machines systemd-machined runs on them as
 * instances of type {@code machine}. Hosts are read in parallel, each with the whole read's timeout;
 * one host that does not answer fails the read with its message (the crawler then keeps the cluster's
 * last known state and records why). Machines carry their machine id as gantryId, so {@link #stamp}
 * has nothing to write.
 */
public final class GantrySource implements ClusterSource {
    private final Duration callTimeout;
    private final Clock clock;

    /** @param callTimeout the longest one call to an agent may take (the read's timeout caps it too) */
    public GantrySource(Duration callTimeout, Clock clock) {
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public ClusterAccess.Kind kind() {
        return ClusterAccess.Kind.GANTRY;
    }

    @Override
    public ClusterReading read(ClusterAccess cluster, Duration timeout) throws Exception {
        Map<String, ClusterAccess.AgentEndpoint> hosts = AgentHosts.of(cluster);
        AtomicInteger calls = new AtomicInteger();
        Instant now = clock.instant();
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration perCall = callTimeout.compareTo(timeout) < 0 ? callTimeout : timeout;
        Map<String, Future<HostReading>> reads = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            hosts.forEach((name, endpoint) -> reads.put(name, pool.submit(() -> {
                try (AgentClient agent = AgentClient.open(cluster, endpoint, perCall, calls)) {
                    return HostReading.read(cluster.name(), name, agent, now);
                }
            })));
            List<ClusterReading.Node> nodes = new ArrayList<>();
            List<ClusterReading.Instance> instances = new ArrayList<>();
            TreeSet<String> versions = new TreeSet<>();
            for (Map.Entry<String, Future<HostReading>> read : reads.entrySet()) {
                HostReading host = await(read.getValue(), hosts.get(read.getKey()), deadline, timeout);
                nodes.add(host.node());
                instances.addAll(host.instances());
                versions.add(host.version());
            }
            return new ClusterReading(new ClusterReading.Facts(String.join(", ", versions), Optional.empty()),
                    nodes, instances, List.of(), List.of(), calls.get());
        }
    }

    private static HostReading await(Future<HostReading> read, ClusterAccess.AgentEndpoint endpoint, long deadline,
                                     Duration timeout) throws Exception {
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            read.cancel(true);
            throw new AgentException("agent " + endpoint.url() + " did not answer within " + timeout.toMillis() + " ms");
        }
    }

    /** Machines keep their own id (the machine id), which is their gantryId: nothing to write. */
    @Override
    public boolean stamp(ClusterAccess cluster, ClusterReading.Instance instance, UUID gantryId) {
        return true;
    }
}
