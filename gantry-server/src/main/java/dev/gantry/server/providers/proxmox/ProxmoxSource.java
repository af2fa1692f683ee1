package dev.gantry.server.providers.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.inventory.ClusterReading;
import dev.gantry.server.inventory.ClusterSource;
import dev.gantry.server.inventory.KnownInstances;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a Proxmox VE cluster for the crawler with a bounded number of calls:
 * {@code /cluster/resources} (nodes, guests, storages in one answer), {@code /cluster/status},
 * {@code /version}, one {@code nodes/{n}/status} per online node (load averages are nowhere else),
 * one {@code storage/{s}/content} per storage (once for a shared one), and a guest's config only when
 * the crawler does not know the guest, its listing changed (node, name, sizes, type), or it is in the
 * crawler's refresh slice. The config is where MACs and the gantryId stamp live.
 *
 * <p>Keeps one {@link ProxmoxClient} per cluster between crawls so tickets and connections are
 * reused; a changed registration gets a new client. Thread-safe; close it to close the clients.
 */
public final class ProxmoxSource implements ClusterSource, AutoCloseable {
    /** Calls in flight per cluster: enough to hide round trips, few enough not to load pveproxy. */
    static final int CONCURRENCY = 4;

    private final Duration callTimeout;
    private final Clock clock;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Description and digest of each config read by the latest read of a cluster, for {@link #stamp}. */
    private final Map<String, Map<Integer, Config>> configs = new ConcurrentHashMap<>();

    private record Connection(ClusterAccess access, ProxmoxClient client) {
    }

    private record Config(String digest, String description) {
    }

    /** @param callTimeout the longest one HTTP call may take; a read's own budget may cut it shorter */
    public ProxmoxSource(Duration callTimeout, Clock clock) {
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public ClusterAccess.Kind kind() {
        return ClusterAccess.Kind.PROXMOX;
    }

    @Override
    public ClusterReading read(ClusterAccess cluster, Duration timeout) throws Exception {
        return read(cluster, timeout, KnownInstances.NONE);
    }

    @Override
    public ClusterReading read(ClusterAccess cluster, Duration timeout, KnownInstances known) throws Exception {
        Instant deadline = clock.instant().plus(timeout);
        ProxmoxClient client = client(cluster);
        long before = client.calls();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Semaphore permits = new Semaphore(CONCURRENCY);
            // The listing first and alone: it signs in and opens the connection the others then share.
            JsonNode all = again(() -> client.clusterResources(left(deadline)), deadline);
            Future<JsonNode> status = submit(pool, permits, () -> again(() -> client.clusterStatus(left(deadline)), deadline));
            Future<JsonNode> version = submit(pool, permits, () -> again(() -> client.version(left(deadline)), deadline));

            List<Future<ClusterReading.Node>> nodes = new ArrayList<>();
            List<Future<List<ClusterReading.Disk>>> disks = new ArrayList<>();
            List<ClusterReading.Storage> storages = new ArrayList<>();
            List<Future<ClusterReading.Instance>> instances = new ArrayList<>();
            Map<Integer, Config> read = new ConcurrentHashMap<>();
            Set<String> sharedListed = new HashSet<>();
            for (JsonNode entry : all) {
                switch (entry.path("type").asText()) {
                    case "node" -> nodes.add(submit(pool, permits, () -> node(client, entry, deadline)));
                    case "storage" -> {
                        ClusterReading.Storage s = ProxmoxReadings.storage(entry);
                        storages.add(s);
                        if (s.active() && (!s.shared() || sharedListed.add(s.storage()))) {
                            disks.add(submit(pool, permits, () -> ProxmoxReadings.disks(s,
                                    again(() -> client.storageContent(s.node(), s.storage(), left(deadline)), deadline))));
                        }
                    }
                    case "qemu", "lxc" -> {
                        ClusterReading.Instance listed = ProxmoxReadings.instance(entry);
                        String key = KnownInstances.key(listed);
                        KnownInstances.Known k = known.byKey().get(key);
                        if (k == null || known.refresh().contains(key) || ProxmoxReadings.changed(k, listed)) {
                            instances.add(submit(pool, permits, () -> withConfig(client, listed, read, deadline)));
                        } else {
                            instances.add(java.util.concurrent.CompletableFuture.completedFuture(
                                    ProxmoxReadings.withMacs(listed, k.macs())));
                        }
                    }
                    default -> {
                        // pools, SDN zones and the like are not inventoried
                    }
                }
            }
            ClusterReading.Facts facts = ProxmoxReadings.facts(await(version, deadline), await(status, deadline));
            List<ClusterReading.Disk> volumes = new ArrayList<>();
            for (Future<List<ClusterReading.Disk>> d : disks) {
                volumes.addAll(await(d, deadline));
            }
            ClusterReading reading = new ClusterReading(facts, awaitAll(nodes, deadline), awaitAll(instances, deadline),
                    storages, volumes, Math.toIntExact(client.calls() - before));
            configs.put(cluster.name(), read);
            return reading;
        } catch (Exception e) {
            pool.shutdownNow(); // a failed or late read stops its other calls rather than waiting for them
            throw e;
        } finally {
            pool.close();
        }
    }

    @Override
    public boolean stamp(ClusterAccess cluster, ClusterReading.Instance instance, UUID gantryId) throws Exception {
        if (instance.vmid().isEmpty() || instance.configDigest().isEmpty()) {
            throw new IllegalArgumentException("only a guest read with its config can be stamped");
        }
        int vmid = instance.vmid().get();
        String digest = instance.configDigest().get();
        ProxmoxClient client = client(cluster);
        Config config = configs.getOrDefault(cluster.name(), Map.of()).get(vmid);
        if (config == null || !config.digest().equals(digest)) {
            JsonNode fresh = client.guestConfig(instance.node(), instance.type(), vmid, callTimeout);
            config = new Config(fresh.path("digest").asText(), fresh.path("description").asText(""));
            if (!config.digest().equals(digest)) {
                return false;
            }
        }
        try {
            client.putGuestConfig(instance.node(), instance.type(), vmid,
                    Map.of("description", DescriptionStamp.apply(config.description(), gantryId)), digest, callTimeout);
            return true;
        } catch (ProxmoxException e) {
            if (e.isDigestMismatch()) {
                return false;
            }
            throw e;
        }
    }

    private ClusterReading.Node node(ProxmoxClient client, JsonNode entry, Instant deadline) {
        if (!entry.path("status").asText().equals("online")) {
            return ProxmoxReadings.node(entry, List.of());
        }
        JsonNode status = again(() -> client.nodeStatus(entry.path("node").asText(), left(deadline)), deadline);
        List<Double> load = new ArrayList<>();
        status.path("loadavg").forEach(l -> load.add(Double.parseDouble(l.asText())));
        return ProxmoxReadings.node(entry, load);
    }

    private ClusterReading.Instance withConfig(ProxmoxClient client, ClusterReading.Instance listed,
                                               Map<Integer, Config> read, Instant deadline) {
        int vmid = listed.vmid().orElseThrow();
        JsonNode config;
        try {
            config = again(() -> client.guestConfig(listed.node(), listed.type(), vmid, left(deadline)), deadline);
        } catch (ProxmoxException e) {
            if (e.status() == 500 && e.getMessage().contains("does not exist")) {
                // migrated or deleted between the listing and this call: the next crawl sees where it went
                return listed;
            }
            throw e;
        }
        String digest = config.path("digest").asText();
        String description = config.path("description").asText("");
        read.put(vmid, new Config(digest, description));
        return ProxmoxReadings.withConfig(listed, ProxmoxReadings.macs(config), DescriptionStamp.find(description), digest);
    }

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

    /** Forgets a cluster (deleted or re-registered): closes its client. */
    public void forget(String cluster) {
        Connection c = connections.remove(cluster);
        configs.remove(cluster);
        if (c != null) {
            c.client().close();
        }
    }

    /**
     * A read ({@code GET}, safe to repeat) that got no answer — timed out, connection dropped — is
     * tried once more when the budget still holds a whole call: one slow answer on a loaded cluster
     * should not fail the cluster's whole read. HTTP errors are answers and are not repeated.
     */
    private JsonNode again(java.util.function.Supplier<JsonNode> read, Instant deadline) {
        try {
            return read.get();
        } catch (ProxmoxException e) {
            if (e.status() != 0 || Duration.between(clock.instant(), deadline).compareTo(callTimeout) < 0) {
                throw e;
            }
            return read.get();
        }
    }

    private Duration left(Instant deadline) {
        Duration d = Duration.between(clock.instant(), deadline);
        if (d.isNegative() || d.isZero()) {
            throw new ProxmoxException("the cluster's read budget is spent", null);
        }
        return d;
    }

    private static <T> Future<T> submit(ExecutorService pool, Semaphore permits, Callable<T> call) {
        return pool.submit(() -> {
            permits.acquire();
            try {
                return call.call();
            } finally {
                permits.release();
            }
        });
    }

    private <T> List<T> awaitAll(List<Future<T>> futures, Instant deadline) throws Exception {
        List<T> out = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            out.add(await(f, deadline));
        }
        return out;
    }

    /** The result, or the call's own failure; a spent budget cancels what still runs (the pool's close interrupts it). */
    private <T> T await(Future<T> future, Instant deadline) throws Exception {
        try {
            long ms = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
            return future.get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("the cluster did not answer within its read budget");
        }
    }

    @Override
    public void close() {
        connections.keySet().forEach(this::forget);
    }
}
