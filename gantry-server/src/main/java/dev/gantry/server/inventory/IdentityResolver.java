package dev.gantry.server.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gives every instance read in one crawl its gantryId. The rules (docs/server/inventory.md):
 * <ol>
 * <li>An instance carrying the id already held at its own place (cluster + key) keeps it.</li>
 * <li>An instance carrying an id whose holder is gone — deleted, or no longer at its place in a
 *     cluster read this crawl — takes the id over: a move (across nodes, or across clusters).</li>
 * <li>An instance carrying an id still held elsewhere (the holder is still there, or its cluster
 *     could not be read, or another instance took the id earlier in this crawl) is a copy: it keeps
 *     the id of its own place if it has one, else gets a new id remembering the one it was cloned
 *     from; either way it is restamped.</li>
 * <li>An instance carrying nothing keeps the id of its place, or gets a new one; it is stamped when
 *     its details were read (there is a digest to guard the write).</li>
 * </ol>
 * Places in clusters that were read but no longer hold an instance are marked gone. Clusters that
 * failed are left as they were. Deterministic: clusters by name, instances by key.
 */
final class IdentityResolver {
    /** An instance with the id it goes by in this snapshot and whether the cluster must be told. */
    record Resolved(String cluster, ClusterReading.Instance instance, UUID gantryId, boolean needsStamp) {
    }

    /** @param changed identities to write (new, moved, checked, confirmed, gone), by id */
    record Outcome(Map<String, List<Resolved>> byCluster, Map<UUID, Identity> changed) {
    }

    private final long snapshot;
    private final Map<String, Identity> byPlace = new HashMap<>();
    private final Map<UUID, Identity> byId = new HashMap<>();
    private final Supplier<UUID> newId;
    private Map<String, ClusterReading> readings = Map.of();

    /**
     * @param known  live identities, plus gone ones whose ids a reading carries
     * @param newId  source of fresh ids (random in production)
     */
    IdentityResolver(long snapshot, List<Identity> known, Supplier<UUID> newId) {
        this.snapshot = snapshot;
        this.newId = newId;
        for (Identity i : known) {
            byId.put(i.id(), i);
            if (i.live()) {
                byPlace.put(place(i.cluster(), i.key()), i);
            }
        }
    }

    private static String place(String cluster, String key) {
        return cluster + '\u0000' + key;
    }

    /** @param readings the clusters read successfully this crawl, by name */
    Outcome resolve(SortedMap<String, ClusterReading> readings) {
        this.readings = readings;
        Set<String> present = new HashSet<>();
        readings.forEach((cluster, r) -> r.instances().forEach(i -> present.add(place(cluster, KnownInstances.key(i)))));
        Map<UUID, Identity> changed = new LinkedHashMap<>();
        Set<UUID> taken = new HashSet<>();
        Map<String, List<Resolved>> out = new LinkedHashMap<>();
        for (var entry : readings.entrySet()) {
            String cluster = entry.getKey();
            List<ClusterReading.Instance> instances = new ArrayList<>(entry.getValue().instances());
            instances.sort(Comparator.comparing(KnownInstances::key));
            List<Resolved> resolved = new ArrayList<>(instances.size());
            for (ClusterReading.Instance instance : instances) {
                resolved.add(resolve(cluster, instance, present, taken, changed));
            }
            out.put(cluster, resolved);
        }
        // places that were read and are empty now, and not taken over by a move
        for (Identity i : List.copyOf(byPlace.values())) {
            if (readings.containsKey(i.cluster()) && !present.contains(place(i.cluster(), i.key())) && !taken.contains(i.id())) {
                changed.put(i.id(), i.gone(snapshot));
            }
        }
        return new Outcome(out, changed);
    }

    private Resolved resolve(String cluster, ClusterReading.Instance instance, Set<String> present, Set<UUID> taken,
                             Map<UUID, Identity> changed) {
        String key = KnownInstances.key(instance);
        Identity atPlace = byPlace.get(place(cluster, key));
        boolean detailsRead = instance.configDigest().isPresent();
        Optional<UUID> carried = instance.stampedId();
        Identity result;
        boolean needsStamp;
        if (carried.isPresent() && atPlace != null && atPlace.id().equals(carried.get()) && !taken.contains(atPlace.id())) {
            result = atPlace.stamped(true);
            needsStamp = false;
        } else if (carried.isPresent() && free(carried.get(), present, taken)) {
            Identity holder = byId.get(carried.get());
            result = holder == null ? Identity.born(carried.get(), cluster, key, snapshot, Optional.empty()).stamped(true)
                    : holder.at(cluster, key).stamped(true);
            if (atPlace != null && !atPlace.id().equals(carried.get())) {
                changed.put(atPlace.id(), atPlace.gone(snapshot)); // the place's old holder was replaced (VMID reused)
            }
            needsStamp = false;
        } else if (carried.isPresent()) {
            result = atPlace != null && !taken.contains(atPlace.id()) ? atPlace.stamped(false)
                    : Identity.born(newId.get(), cluster, key, snapshot, carried);
            needsStamp = detailsRead;
        } else {
            result = atPlace != null && !taken.contains(atPlace.id()) ? atPlace
                    : Identity.born(newId.get(), cluster, key, snapshot, Optional.empty());
            if (detailsRead) {
                result = result.stamped(false);
            }
            needsStamp = detailsRead;
        }
        if (detailsRead) {
            result = result.checked(snapshot);
        }
        taken.add(result.id());
        if (!result.equals(byId.get(result.id()))) {
            changed.put(result.id(), result);
        }
        return new Resolved(cluster, instance, result.id(), needsStamp);
    }

    /** Whether {@code id}'s holder let go of it: unknown, gone, or its place was read and is empty. */
    private boolean free(UUID id, Set<String> present, Set<UUID> taken) {
        if (taken.contains(id)) {
            return false;
        }
        Identity holder = byId.get(id);
        return holder == null || !holder.live()
                || readings.containsKey(holder.cluster()) && !present.contains(place(holder.cluster(), holder.key()));
    }
}
