package dev.gantry.server.clusters;

import java.util.List;
import java.util.Optional;

/**
 * The registered clusters with their credentials decrypted, read fresh on every call so clusters
 * added after start are seen (by the next crawl). The database-backed implementation lives with
 * the clusters API; {@link #of} serves tests.
 */
public interface ClusterDirectory {
    List<ClusterAccess> all();

    default Optional<ClusterAccess> find(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static ClusterDirectory of(List<ClusterAccess> clusters) {
        List<ClusterAccess> copy = List.copyOf(clusters);
        return () -> copy;
    }
}
