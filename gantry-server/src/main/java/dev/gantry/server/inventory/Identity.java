package dev.gantry.server.inventory;

import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code inventory_identities}: who holds a gantryId.
 *
 * @param key     the instance within its cluster ({@link KnownInstances#key})
 * @param stamped the cluster carries the id (read back, or written by a stamp)
 * @param goneIn  the snapshot from which the instance is no longer where {@code cluster}/{@code key} say
 */
record Identity(UUID id, String cluster, String key, boolean stamped, Optional<Long> checkedIn, long firstSeen,
                Optional<UUID> clonedFrom, Optional<Long> goneIn) {

    static Identity born(UUID id, String cluster, String key, long snapshot, Optional<UUID> clonedFrom) {
        return new Identity(id, cluster, key, false, Optional.empty(), snapshot, clonedFrom, Optional.empty());
    }

    boolean live() {
        return goneIn.isEmpty();
    }

    Identity at(String newCluster, String newKey) {
        return new Identity(id, newCluster, newKey, stamped, checkedIn, firstSeen, clonedFrom, Optional.empty());
    }

    Identity stamped(boolean value) {
        return new Identity(id, cluster, key, value, checkedIn, firstSeen, clonedFrom, goneIn);
    }

    Identity checked(long snapshot) {
        return new Identity(id, cluster, key, stamped, Optional.of(snapshot), firstSeen, clonedFrom, goneIn);
    }

    Identity gone(long snapshot) {
        return new Identity(id, cluster, key, stamped, checkedIn, firstSeen, clonedFrom, Optional.of(snapshot));
    }
}
