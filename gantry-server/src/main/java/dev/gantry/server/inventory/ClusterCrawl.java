package dev.gantry.server.inventory;

import dev.gantry.server.clusters.ClusterAccess;
import java.time.Instant;
import java.util.Optional;

/**
 * One cluster's part of a crawl: its reading, or why there is none.
 *
 * @param calls HTTP calls the read made (also when it failed, as far as the source counted them)
 */
record ClusterCrawl(ClusterAccess cluster, Instant startedAt, Instant finishedAt, Optional<ClusterReading> reading,
                    Optional<String> error, int calls) {
    boolean ok() {
        return reading.isPresent();
    }
}
