package dev.gantry.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The identity rules of docs/server/inventory.md, case by case, without a cluster or a database. */
class IdentityResolverTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID NEW = UUID.fromString("00000000-0000-0000-0000-0000000000ff");

    private static ClusterReading.Instance guest(int vmid, String node, Optional<UUID> stamp, boolean configRead) {
        return new ClusterReading.Instance(node, Optional.of(vmid), "qemu", "vm" + vmid, "running", false, 2, 1L << 30,
                10L << 30, List.of(), 100, stamp, configRead ? Optional.of("digest") : Optional.empty());
    }

    private static ClusterReading reading(ClusterReading.Instance... instances) {
        return new ClusterReading(new ClusterReading.Facts("8.3.0", Optional.of(true)), List.of(), List.of(instances),
                List.of(), List.of(), 0);
    }

    private static Identity held(UUID id, String cluster, int vmid) {
        return new Identity(id, cluster, String.valueOf(vmid), true, Optional.of(1L), 1, Optional.empty(), Optional.empty());
    }

    private static IdentityResolver.Outcome resolve(List<Identity> known, TreeMap<String, ClusterReading> readings) {
        Deque<UUID> fresh = new ArrayDeque<>(List.of(NEW));
        return new IdentityResolver(5, known, fresh::pop).resolve(readings);
    }

    @Test
    void aGuestMovedToAnotherClusterTakesItsIdWithItWhenItsOldPlaceWasReadEmpty() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("east", reading());
        readings.put("west", reading(guest(300, "pve1", Optional.of(A), true)));

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100)), readings);

        IdentityResolver.Resolved moved = out.byCluster().get("west").getFirst();
        assertThat(moved.gantryId()).isEqualTo(A);
        assertThat(moved.needsStamp()).isFalse();
        assertThat(out.changed().get(A).cluster()).isEqualTo("west");
        assertThat(out.changed().get(A).key()).isEqualTo("300");
        assertThat(out.changed().get(A).live()).isTrue();
    }

    @Test
    void aCopyWhoseOriginalsClusterCouldNotBeReadIsACloneNotAMove() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("west", reading(guest(300, "pve1", Optional.of(A), true))); // east failed: absent

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100)), readings);

        IdentityResolver.Resolved copy = out.byCluster().get("west").getFirst();
        assertThat(copy.gantryId()).isEqualTo(NEW);
        assertThat(copy.needsStamp()).isTrue();
        assertThat(out.changed().get(NEW).clonedFrom()).contains(A);
        assertThat(out.changed()).doesNotContainKey(A);
    }

    @Test
    void twoCopiesOfAVanishedGuestOneTakesTheIdTheOtherIsAClone() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("east", reading(guest(200, "pve1", Optional.of(A), true), guest(201, "pve2", Optional.of(A), true)));

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100)), readings);

        assertThat(out.byCluster().get("east")).extracting(IdentityResolver.Resolved::gantryId).containsExactly(A, NEW);
        assertThat(out.changed().get(A).key()).isEqualTo("200");
    }

    @Test
    void aGuestWhoseStampWasErasedKeepsTheIdOfItsPlaceAndIsStampedAgain() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("east", reading(guest(100, "pve3", Optional.empty(), true)));

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100)), readings);

        IdentityResolver.Resolved r = out.byCluster().get("east").getFirst();
        assertThat(r.gantryId()).isEqualTo(A);
        assertThat(r.needsStamp()).isTrue();
        assertThat(out.changed().get(A).stamped()).isFalse();
    }

    @Test
    void aGuestNotReadInDetailKeepsItsIdAndChangesNothing() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("east", reading(guest(100, "pve1", Optional.empty(), false), guest(101, "pve1", Optional.empty(), false)));

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100), held(B, "east", 101)), readings);

        assertThat(out.byCluster().get("east")).extracting(IdentityResolver.Resolved::gantryId).containsExactly(A, B);
        assertThat(out.byCluster().get("east")).noneMatch(IdentityResolver.Resolved::needsStamp);
        assertThat(out.changed()).isEmpty();
    }

    @Test
    void aDeletedGuestsPlaceIsMarkedGoneOnlyWhenItsClusterWasRead() {
        TreeMap<String, ClusterReading> readings = new TreeMap<>();
        readings.put("east", reading());

        IdentityResolver.Outcome out = resolve(List.of(held(A, "east", 100), held(B, "west", 100)), readings);

        assertThat(out.changed().get(A).goneIn()).contains(5L);
        assertThat(out.changed()).doesNotContainKey(B);
    }
}
