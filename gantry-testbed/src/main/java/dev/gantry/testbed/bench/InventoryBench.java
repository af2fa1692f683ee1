package dev.gantry.testbed.bench;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.db.Database;
import dev.gantry.server.db.DatabaseConfig;
import dev.gantry.server.inventory.Crawler;
import dev.gantry.server.inventory.InventoryConfig;
import dev.gantry.server.inventory.Snapshots;
import dev.gantry.server.providers.proxmox.ProxmoxSource;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Acceptance 4 of issue 9: {@code clusters} × {@code nodes} × {@code vms} simulated Proxmox guests
 * (100 × 20 × 50 = 100,000 by default) crawled into one snapshot each time, by the real
 * {@link Crawler} and {@link ProxmoxSource} on the embedded PostgreSQL. The simulator runs in this JVM
 * (one {@link ProxmoxSim}, a port and TLS endpoint per cluster), so the figures include its work.
 * <ol>
 * <li>first crawl: every guest is new, so its config is read (MACs, stamp) and its gantryId stamped
 *     (a config PUT guarded by the digest);</li>
 * <li>steady-state crawls: nothing changed, so only the listing calls and the refresh slice;</li>
 * </ol>
 * For each: wall time, the slowest cluster's read, calls per cluster (counted by the simulator), and
 * bytes stored per VM, from {@code pg_total_relation_size} of the inventory tables before and after.
 * Usage: {@code InventoryBench [--clusters N] [--nodes N] [--vms N] [--crawls N] [--timeout SECONDS]}.
 */
public final class InventoryBench {
    private static final List<String> TABLES = List.of("inventory_snapshots", "inventory_cluster_crawls",
            "inventory_nodes", "inventory_storages", "inventory_instances", "inventory_disks", "inventory_identities");

    private InventoryBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("info"); // the crawler logs its phases at info
        int clusters = 100;
        int nodes = 20;
        int vms = 50;
        int crawls = 3;
        int timeout = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clusters" -> clusters = Integer.parseInt(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--vms" -> vms = Integer.parseInt(args[++i]);
                case "--crawls" -> crawls = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: InventoryBench [--clusters N] [--nodes N] [--vms N] [--crawls N] [--timeout SECONDS]");
                    System.exit(2);
                }
            }
        }
        long guests = (long) clusters * nodes * vms;
        long t0 = System.nanoTime();
        ProxmoxSim.Builder builder = ProxmoxSim.builder();
        for (int c = 0; c < clusters; c++) {
            builder.cluster(new ClusterSpec(String.format("c%03d", c), nodes, vms, c + 1));
        }
        DatabaseConfig db = new DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 8,
                Duration.ofSeconds(30), freePort());
        try (ScratchDir state = new ScratchDir("gantry-inventory-bench"); ProxmoxSim sim = builder.start();
             Database database = Database.open(db, state.path())) {
            System.out.printf(Locale.ROOT, "simulator: %d clusters x %d nodes x %d guests = %,d guests, started in %.1f s (same JVM)%n",
                    clusters, nodes, vms, guests, (System.nanoTime() - t0) / 1e9);
            List<ClusterAccess> access = new ArrayList<>();
            for (SimCluster c : sim.clusters()) {
                access.add(new ClusterAccess(c.name(), ClusterAccess.Kind.PROXMOX, URI.create("https://127.0.0.1:" + c.port()),
                        false, Optional.of(sim.fingerprint()),
                        new ClusterAccess.Credentials.Password(c.credentials().user(), c.credentials().password()),
                        Optional.empty(), Optional.empty(), List.of(), List.of(), 1.0));
            }
            InventoryConfig config = new InventoryConfig(Duration.ZERO, Duration.ofSeconds(timeout), Duration.ZERO);
            Jdbi jdbi = database.jdbi();
            try (ProxmoxSource source = new ProxmoxSource(config.callTimeout(), Clock.systemUTC());
                 Crawler crawler = new Crawler(jdbi, ClusterDirectory.of(access), List.of(source), config,
                         Clock.systemUTC(), "bench")) {
                for (int n = 1; n <= crawls; n++) {
                    sim.clusters().forEach(SimCluster::resetCalls);
                    long before = stored(jdbi);
                    long start = System.nanoTime();
                    Snapshots.Crawl crawl = crawler.start("api").orElseThrow().done().join();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long after = stored(jdbi);
                    report(n == 1 ? "first crawl (stamps every guest)" : "steady-state crawl " + (n - 1), crawl,
                            seconds, sim, after - before, guests);
                }
                System.out.printf(Locale.ROOT, "inventory tables now: %,d bytes%n", stored(jdbi));
            }
        }
    }

    private static void report(String what, Snapshots.Crawl crawl, double seconds, ProxmoxSim sim, long bytes, long guests) {
        LongSummaryStatistics calls = sim.clusters().stream().mapToLong(SimCluster::totalCalls).summaryStatistics();
        long configGets = sim.clusters().stream().mapToLong(c -> c.calls().entrySet().stream()
                .filter(e -> e.getKey().startsWith("GET") && e.getKey().endsWith("/config")).mapToLong(e -> e.getValue()).sum()).sum();
        long configPuts = sim.clusters().stream().mapToLong(c -> c.calls().entrySet().stream()
                .filter(e -> e.getKey().startsWith("PUT")).mapToLong(e -> e.getValue()).sum()).sum();
        double slowestRead = crawl.clusters().stream()
                .mapToDouble(c -> Duration.between(c.startedAt(), c.finishedAt()).toMillis() / 1000.0).max().orElse(0);
        long failed = crawl.clusters().stream().filter(c -> !c.status().equals("ok")).count();
        long instances = crawl.clusters().stream().mapToLong(Snapshots.ClusterResult::instances).sum();
        System.out.printf(Locale.ROOT, "%s: snapshot %d %s (%d clusters failed), %,d instances, %.1f s "
                        + "(slowest cluster read %.1f s); calls per cluster min %d / mean %.0f / max %d "
                        + "(config GET %,d, PUT %,d in all); stored %,d bytes = %.0f bytes per VM%n",
                what, crawl.id(), crawl.status(), failed, instances, seconds, slowestRead, calls.getMin(),
                calls.getAverage(), calls.getMax(), configGets, configPuts, bytes, (double) bytes / guests);
        crawl.clusters().stream().filter(c -> !c.status().equals("ok")).limit(5)
                .forEach(c -> System.out.printf("  %s failed: %s%n", c.cluster(), c.error()));
    }

    /** Bytes of the inventory tables with their indexes and TOAST. */
    private static long stored(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            long sum = 0;
            for (String t : TABLES) {
                sum += h.createQuery("select pg_total_relation_size(:t::regclass)").bind("t", t).mapTo(Long.class).one();
            }
            return sum;
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
