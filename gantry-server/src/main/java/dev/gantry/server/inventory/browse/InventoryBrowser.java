package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Read-only access to the inventory the crawler writes, one snapshot at a time; what the routes
 * and the HyperProxmox aliases call. Each call is one short read transaction at REPEATABLE READ, so
 * a snapshot's resolution and its rows are read from one view even while a crawl or purge commits.
 */
final class InventoryBrowser {
    private final Jdbi jdbi;
    private final ClusterDirectory directory;

    InventoryBrowser(Jdbi jdbi, ClusterDirectory directory) {
        this.jdbi = jdbi;
        this.directory = directory;
    }

    ClusterDirectory directory() {
        return directory;
    }

    InventoryPage<InventoryCluster> clusters(SnapshotChoice at, Filter f) {
        return read(h -> {
            InventorySnapshot s = Snapshots.resolve(h, at);
            List<ClusterAccess> registered = directory.all();
            return new InventoryPage<>(s, InventoryLists.clusters(h, s, f, name -> registered.stream()
                    .filter(c -> c.name().equals(name)).findFirst().map(ClusterAccess::groups).orElse(List.of())), null);
        });
    }

    InventoryPage<InventoryNode> nodes(SnapshotChoice at, Filter f) {
        return read(h -> {
            InventorySnapshot s = Snapshots.resolve(h, at);
            return new InventoryPage<>(s, InventoryLists.nodes(h, s, f), null);
        });
    }

    InventoryPage<InventoryStorage> storages(SnapshotChoice at, Filter f) {
        return read(h -> {
            InventorySnapshot s = Snapshots.resolve(h, at);
            return new InventoryPage<>(s, InventoryLists.storages(h, s, f), null);
        });
    }

    InventoryPage<InventoryInstance> instances(SnapshotChoice at, Filter f, InventoryLists.PageRequest page) {
        return read(h -> InventoryLists.instances(h, Snapshots.resolve(h, at), f, page));
    }

    InventoryPage<InventoryDisk> disks(SnapshotChoice at, Filter f, InventoryLists.PageRequest page) {
        return read(h -> InventoryLists.disks(h, Snapshots.resolve(h, at), f, page));
    }

    List<InventorySnapshot> dates(Optional<Long> before, int limit, boolean finishedOnly) {
        return read(h -> Snapshots.list(h, before, limit, finishedOnly));
    }

    InventorySnapshot snapshot(SnapshotChoice at) {
        return read(h -> Snapshots.resolve(h, at));
    }

    /** 400 when {@code from} is newer than {@code to}: a diff reads forwards. */
    InventoryDiff diff(SnapshotChoice from, SnapshotChoice to) {
        return read(h -> {
            InventorySnapshot a = Snapshots.resolve(h, from);
            InventorySnapshot b = Snapshots.resolve(h, to);
            if (a.id() > b.id()) {
                throw ApiException.invalid("from", "order", "must not be newer than to (snapshot " + b.id() + ")",
                        a.id());
            }
            return InventoryDiffs.between(h, a, b);
        });
    }

    Optional<InstanceHistory> instance(UUID gantryId) {
        return read(h -> {
            return InstanceHistories.find(h, gantryId, Snapshots.find(h, new SnapshotChoice.Latest()));
        });
    }

    private <T> T read(HandleCallback<T, RuntimeException> body) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET TRANSACTION READ ONLY");
            return body.withHandle(h);
        });
    }
}
