package dev.gantry.server.inventory.browse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Computes {@link InventoryDiff}. An instance unchanged between two snapshots is one version row
 * spanning both, so only versions that end or begin between them are read: those of {@code from}
 * closed by {@code to} ({@code valid_to} in {@code (from, to]}) and those of {@code to} opened after
 * {@code from} ({@code valid_from} in {@code (from, to]}): two index ranges, not two whole snapshots.
 */
final class InventoryDiffs {
    /** The fields compared, in the order changes are listed; cluster and node make a move instead. */
    private static final Map<String, Function<InventoryInstance, Object>> FIELDS = fields();

    private InventoryDiffs() {
    }

    /** {@code from} must not be newer than {@code to} (the caller checks). */
    static InventoryDiff between(Handle h, InventorySnapshot from, InventorySnapshot to) {
        Map<UUID, InventoryInstance> before = byId(h, from,
                " AND t.valid_to IS NOT NULL AND t.valid_to <= :other", to.id());
        Map<UUID, InventoryInstance> after = byId(h, to, " AND t.valid_from > :other", from.id());
        List<InventoryInstance> added = new ArrayList<>();
        List<InventoryInstance> removed = new ArrayList<>();
        List<InventoryDiff.Move> moved = new ArrayList<>();
        List<InventoryDiff.Change> changed = new ArrayList<>();
        before.forEach((id, old) -> {
            if (!after.containsKey(id)) {
                removed.add(old);
            }
        });
        after.forEach((id, now) -> {
            InventoryInstance old = before.get(id);
            if (old == null) {
                added.add(now);
                return;
            }
            List<InventoryDiff.FieldChange> changes = changes(old, now);
            if (!old.cluster().equals(now.cluster()) || !old.node().equals(now.node())) {
                moved.add(new InventoryDiff.Move(id, now.name(), now.vmid(), old.cluster(), old.node(), now.cluster(),
                        now.node(), changes));
            } else if (!changes.isEmpty()) {
                changed.add(new InventoryDiff.Change(id, now.cluster(), now.node(), now.name(), now.vmid(), changes));
            }
        });
        return new InventoryDiff(from, to, added, removed, moved, changed);
    }

    /**
     * Instances as of {@code s} also matching {@code extra} (which binds {@code :other}), by gantryId,
     * in the order lists are shown: cluster, node, vmid.
     */
    private static Map<UUID, InventoryInstance> byId(Handle h, InventorySnapshot s, String extra, long other) {
        List<InventoryInstance> rows = h.createQuery("SELECT " + InventoryRows.INSTANCE_COLUMNS
                        + InventoryRows.CRAWL_COLUMNS + InventoryRows.asOf("inventory_instances") + extra
                        + InventoryLists.INSTANCE_KEY.orderBy())
                .bind("s", s.id()).bind("other", other)
                .map((rs, ctx) -> InventoryRows.instance(rs, s.startedAt(), true)).list();
        Map<UUID, InventoryInstance> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.gantryId(), r));
        return byId;
    }

    static List<InventoryDiff.FieldChange> changes(InventoryInstance old, InventoryInstance now) {
        List<InventoryDiff.FieldChange> changes = new ArrayList<>();
        FIELDS.forEach((name, get) -> {
            Object a = get.apply(old);
            Object b = get.apply(now);
            if (!Objects.equals(a, b)) {
                changes.add(new InventoryDiff.FieldChange(name, a, b));
            }
        });
        return changes;
    }

    private static Map<String, Function<InventoryInstance, Object>> fields() {
        Map<String, Function<InventoryInstance, Object>> f = new LinkedHashMap<>();
        f.put("vmid", InventoryInstance::vmid);
        f.put("type", InventoryInstance::type);
        f.put("name", InventoryInstance::name);
        f.put("status", InventoryInstance::status);
        f.put("template", InventoryInstance::template);
        f.put("cpus", InventoryInstance::cpus);
        f.put("memory", InventoryInstance::memory);
        f.put("disk", InventoryInstance::disk);
        f.put("macs", InventoryInstance::macs);
        f.put("bootedAt", InventoryInstance::bootedAt);
        return java.util.Collections.unmodifiableMap(f);
    }
}
