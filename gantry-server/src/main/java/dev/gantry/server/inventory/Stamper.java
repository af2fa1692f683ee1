package dev.gantry.server.inventory;

import dev.gantry.server.clusters.ClusterAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the crawl's new gantryIds into the clusters that keep them. */
final class Stamper {
    private static final Logger LOG = LoggerFactory.getLogger(Stamper.class);
    /** Stamps in flight per cluster, as for reads. */
    static final int CONCURRENCY = 8;

    private Stamper() {
    }

    /**
     * Writes gantryIds into the clusters that keep them, all clusters in parallel. A stamp refused
     * because the guest changed, or failing, leaves the identity unconfirmed: it is retried in the
     * next crawl's refresh slice.
     */
    static void stampAll(Map<ClusterAccess.Kind, ClusterSource> sources, List<ClusterCrawl> crawled,
                         IdentityResolver.Outcome outcome) {
        Map<String, ClusterAccess> access = crawled.stream()
                .collect(Collectors.toMap(c -> c.cluster().name(), ClusterCrawl::cluster));
        Set<UUID> confirmed = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            outcome.byCluster().forEach((cluster, resolved) -> {
                ClusterAccess a = access.get(cluster);
                ClusterSource source = sources.get(a.kind());
                Semaphore permits = new Semaphore(CONCURRENCY);
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

}
