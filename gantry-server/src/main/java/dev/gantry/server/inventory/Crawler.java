package dev.gantry.server.inventory;

import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crawls every registered cluster into a dated snapshot: clusters read in parallel, each within
 * {@code ClusterTimeoutSec}; identities resolved and stamped; the snapshot written in one
 * transaction; old snapshots purged. One crawl at a time across replicas ({@link CrawlLock}).
 *
 * <p>Started by its schedule ({@link #startSchedule()}) or by the API ({@link #start}). Thread-safe;
 * owns its sources: {@link #close()} stops the schedule, waits for a running crawl and closes them.
 */
public final class Crawler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Crawler.class);
    /** Stamps in flight per cluster, as for reads. */
    static final int STAMP_CONCURRENCY = 8;
    /** Automatic retention runs at most this often: it rewrites every version older than the kept range. */
    static final Duration RETENTION_EVERY = Duration.ofHours(24);

    private final Jdbi jdbi;
    private final ClusterDirectory directory;
    private final Map<ClusterAccess.Kind, ClusterSource> sources;
    private final InventoryConfig config;
    private final Clock clock;
    private final String replica;
    private final Snapshots snapshots;
    private final InventoryStore store;
    private final ExecutorService crawls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("crawl-", 0).factory());
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("crawl-schedule").daemon().factory());
    private volatile Instant lastRetention = Instant.MIN;

    /** A crawl that has begun: its snapshot id, and its end. */
    public record Started(long snapshotId, CompletableFuture<Snapshots.Crawl> done) {
    }

    public Crawler(Jdbi jdbi, ClusterDirectory directory, List<ClusterSource> sources, InventoryConfig config,
                   Clock clock, String replica) {
        this.jdbi = jdbi;
        this.directory = directory;
        this.sources = sources.stream().collect(Collectors.toMap(ClusterSource::kind, s -> s));
        this.config = config;
        this.clock = clock;
        this.replica = replica;
        this.snapshots = new Snapshots(jdbi);
        this.store = new InventoryStore(jdbi);
    }

    /** Crawls every {@code CrawlIntervalSec} from the end of the last one; a no-op when the interval is 0. */
    public void startSchedule() {
        if (config.crawlInterval().isZero()) {
            return;
        }
        long seconds = config.crawlInterval().toSeconds();
        schedule.scheduleWithFixedDelay(this::scheduled, seconds, seconds, TimeUnit.SECONDS);
    }

    private void scheduled() {
        try {
            Optional<Started> started = start("schedule");
            if (started.isEmpty()) {
                LOG.debug("scheduled crawl skipped: another crawl is running");
                return;
            }
            started.get().done().join();
        } catch (Throwable t) {
            // never let one failure cancel the schedule
            LOG.error("scheduled crawl failed", t);
        }
    }

    /**
     * Begins a crawl now, unless one is running on any replica.
     *
     * @param trigger schedule or api
     */
    public Optional<Started> start(String trigger) {
        Optional<CrawlLock> lock = CrawlLock.tryAcquire(jdbi);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant startedAt = clock.instant();
            long id = snapshots.begin(lock.get().handle(), startedAt, trigger, replica);
            CompletableFuture<Snapshots.Crawl> done = new CompletableFuture<>();
            crawls.submit(() -> {
                try (CrawlLock held = lock.get()) {
                    run(held, id);
                    done.complete(snapshots.find(id).orElseThrow());
                } catch (Throwable t) {
                    LOG.error("crawl {} failed", id, t);
                    try {
                        snapshots.finish(id, "failed", clock.instant());
                    } catch (RuntimeException e) {
                        t.addSuppressed(e);
                    }
                    done.completeExceptionally(t);
                }
            });
            return Optional.of(new Started(id, done));
        } catch (RuntimeException e) {
            lock.get().close();
            throw e;
        }
    }

    private void run(CrawlLock lock, long id) throws Exception {
        long t0 = System.nanoTime();
        List<ClusterAccess> clusters = directory.all();
        var openInstances = store.openInstances();
        var openDisks = store.openDisks();
        List<Identity> live = store.liveIdentities();
        Map<String, KnownInstances> known = known(clusters, openInstances, live);

        long tLoaded = System.nanoTime();
        List<ClusterCrawl> crawled = readAll(clusters, known);
        long tRead = System.nanoTime();
        TreeMap<String, ClusterReading> ok = new TreeMap<>();
        crawled.stream().filter(ClusterCrawl::ok).forEach(c -> ok.put(c.cluster().name(), c.reading().get()));

        List<Identity> identities = new ArrayList<>(live);
        Set<UUID> liveIds = live.stream().map(Identity::id).collect(Collectors.toSet());
        identities.addAll(store.identities(ok.values().stream().flatMap(r -> r.instances().stream())
                .flatMap(i -> i.stampedId().stream()).filter(s -> !liveIds.contains(s)).collect(Collectors.toSet())));
        IdentityResolver.Outcome outcome = new IdentityResolver(id, identities, UUID::randomUUID).resolve(ok);
        long tResolved = System.nanoTime();
        stampAll(crawled, outcome);
        long tStamped = System.nanoTime();

        String status = crawled.isEmpty() || crawled.stream().allMatch(ClusterCrawl::ok) ? "ok"
                : crawled.stream().noneMatch(ClusterCrawl::ok) ? "failed" : "partial";
        SnapshotWriter.Counts counts = jdbi.inTransaction(h -> new SnapshotWriter(h, id)
                .write(crawled, outcome, openInstances, openDisks));
        long tWritten = System.nanoTime();
        LOG.info("crawl {} {}: {} clusters ({} failed), instance versions +{} -{}, disk versions +{} -{}; "
                        + "ms: load {} read {} resolve {} stamp {} write {}", id, status,
                crawled.size(), crawled.stream().filter(c -> !c.ok()).count(), counts.instancesWritten(),
                counts.instancesClosed(), counts.disksWritten(), counts.disksClosed(), ms(t0, tLoaded),
                ms(tLoaded, tRead), ms(tRead, tResolved), ms(tResolved, tStamped), ms(tStamped, tWritten));
        applyRetention();
        // Finished last, just before the lock goes: whoever sees the crawl ended can start the next one.
        // Readers take only ok and partial snapshots, so the rows written above are seen all at once here.
        snapshots.finish(id, status, clock.instant());
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /**
     * What each cluster's source may skip: the stored versions, and a refresh slice of the instances
     * whose details were read longest ago (unconfirmed stamps first), so that every instance's details
     * are read again within about 50 crawls whatever happens.
     */
    private static Map<String, KnownInstances> known(List<ClusterAccess> clusters,
                                                     Map<String, Map<String, Versions.Open<Versions.Instance>>> open,
                                                     List<Identity> live) {
        Map<String, List<Identity>> byCluster = live.stream().collect(Collectors.groupingBy(Identity::cluster));
        Map<String, KnownInstances> out = new HashMap<>();
        for (ClusterAccess c : clusters) {
            Map<String, KnownInstances.Known> byKey = new HashMap<>();
            open.getOrDefault(c.name(), Map.of()).forEach((key, o) -> byKey.put(key, o.version().known()));
            List<Identity> ids = byCluster.getOrDefault(c.name(), List.of());
            int slice = refreshSlice(ids.size());
            Set<String> refresh = ids.stream()
                    .sorted(Comparator.comparing((Identity i) -> i.stamped()).thenComparing(i -> i.checkedIn().orElse(-1L)))
                    .limit(slice).map(Identity::key).collect(Collectors.toSet());
            out.put(c.name(), new KnownInstances(byKey, refresh));
        }
        return out;
    }

    /** 2 % of a cluster's instances per crawl, at least 10: a full rotation in about 50 crawls. */
    static int refreshSlice(int instances) {
        return Math.max(10, (instances + 49) / 50);
    }

    private List<ClusterCrawl> readAll(List<ClusterAccess> clusters, Map<String, KnownInstances> known) {
        Duration budget = config.clusterTimeout();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ClusterCrawl>> futures = new ArrayList<>();
            for (ClusterAccess c : clusters) {
                futures.add(pool.submit(() -> readOne(c, known.get(c.name()), budget)));
            }
            List<ClusterCrawl> out = new ArrayList<>();
            for (int i = 0; i < clusters.size(); i++) {
                out.add(await(futures.get(i), clusters.get(i), budget));
            }
            return out;
        }
    }

    private ClusterCrawl readOne(ClusterAccess cluster, KnownInstances known, Duration budget) {
        Instant started = clock.instant();
        ClusterSource source = sources.get(cluster.kind());
        if (source == null) {
            return new ClusterCrawl(cluster, started, clock.instant(), Optional.empty(),
                    Optional.of("no source reads clusters of kind " + cluster.kind().wire()), 0);
        }
        try {
            ClusterReading r = source.read(cluster, budget, known);
            return new ClusterCrawl(cluster, started, clock.instant(), Optional.of(r), Optional.empty(), r.calls());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ClusterCrawl(cluster, started, clock.instant(), Optional.empty(), Optional.of(message), 0);
        }
    }

    /** The read's result; one that overstays its budget (a source ignoring it) is cut off and failed. */
    private ClusterCrawl await(Future<ClusterCrawl> future, ClusterAccess cluster, Duration budget) {
        Instant started = clock.instant();
        try {
            return future.get(budget.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new ClusterCrawl(cluster, started, clock.instant(), Optional.empty(),
                    Optional.of("no answer within " + budget.toSeconds() + " s"), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("crawl interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            return new ClusterCrawl(cluster, started, clock.instant(), Optional.empty(),
                    Optional.of(String.valueOf(e.getCause())), 0);
        }
    }

    /**
     * Writes gantryIds into the clusters that keep them, all clusters in parallel. A stamp refused
     * because the guest changed, or failing, leaves the identity unconfirmed: it is retried in the
     * next crawl's refresh slice.
     */
    private void stampAll(List<ClusterCrawl> crawled, IdentityResolver.Outcome outcome) {
        Map<String, ClusterAccess> access = crawled.stream()
                .collect(Collectors.toMap(c -> c.cluster().name(), ClusterCrawl::cluster));
        Set<UUID> confirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            outcome.byCluster().forEach((cluster, resolved) -> {
                ClusterAccess a = access.get(cluster);
                ClusterSource source = sources.get(a.kind());
                Semaphore permits = new Semaphore(STAMP_CONCURRENCY);
                for (IdentityResolver.Resolved r : resolved) {
                    if (!r.needsStamp()) {
                        continue;
                    }
                    all.add(pool.submit(() -> {
                        permits.acquire();
                        try {
                            if (source.stamp(a, r.instance(), r.gantryId())) {
                                confirmed.add(r.gantryId());
                            }
                        } catch (Exception e) {
                            LOG.warn("stamping {} on cluster {} failed: {}", KnownInstances.key(r.instance()), cluster,
                                    e.getMessage());
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
                }
            });
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (Exception e) {
                    LOG.warn("stamp task failed", e);
                }
            }
        }
        confirmed.forEach(id -> outcome.changed().computeIfPresent(id, (k, i) -> i.stamped(true)));
    }

    private void applyRetention() {
        if (config.retention().isZero() || Duration.between(lastRetention, clock.instant()).compareTo(RETENTION_EVERY) < 0) {
            return;
        }
        Purge.Result r = purge(clock.instant().minus(config.retention()));
        lastRetention = clock.instant();
        if (r.snapshots() > 0) {
            LOG.info("retention: purged {} snapshots, {} instance and {} disk versions", r.snapshots(),
                    r.instanceVersions(), r.diskVersions());
        }
    }

    /** Purges snapshots started before {@code before} (see {@link Purge}). */
    public Purge.Result purge(Instant before) {
        return jdbi.inTransaction(h -> Purge.before(h, before));
    }

    public Optional<Snapshots.Crawl> find(long id) {
        return snapshots.find(id);
    }

    /** Stops the schedule, waits for a running crawl, then closes the sources that hold connections. */
    @Override
    public void close() {
        schedule.shutdownNow();
        crawls.close();
        for (ClusterSource s : sources.values()) {
            if (s instanceof AutoCloseable owned) {
                try {
                    owned.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} source failed", s.kind().wire(), e);
                }
            }
        }
    }
}
