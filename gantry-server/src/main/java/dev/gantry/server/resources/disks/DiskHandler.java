package dev.gantry.server.resources.disks;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.resources.References;
import dev.gantry.server.resources.ResourceCore;
import dev.gantry.server.resources.ResourceHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Block storage disks. A disk attached to an instance cannot be deleted (409: detach it first with a
 * PUT without {@code instance}); deleting the instance detaches it. A disk with snapshots cannot be
 * deleted either. A disk only grows.
 */
public final class DiskHandler implements ResourceHandler<Disk> {
    static final long MIN_SIZE = 1L << 20;

    @Override
    public String type() {
        return "disks";
    }

    @Override
    public String description() {
        return "Block storage disks, attached to an instance or not";
    }

    @Override
    public Class<Disk> specType() {
        return Disk.class;
    }

    @Override
    public void validate(Disk spec, boolean isNew, Violations v) {
        if (v.check(spec.size() != null, "spec.size", "required", "the size in bytes", null)) {
            v.check(spec.size() >= MIN_SIZE && spec.size() % 512 == 0, "spec.size", "range",
                    "at least 1 MiB, a multiple of 512 bytes", spec.size());
        }
    }

    @Override
    public Disk store(Handle h, ResourceCore core, Disk spec, Optional<Disk> previous) {
        UUID instance = spec.instance() == null ? null
                : References.require(h, "instances", core.tenant(), spec.instance(), "spec.instance", true).id();
        if (previous.isPresent()) {
            if (spec.size() < previous.get().size()) {
                throw ApiException.invalid("spec.size", "shrink", "a disk only grows; it has "
                        + previous.get().size() + " bytes", spec.size());
            }
            h.createUpdate("UPDATE disks SET size = :size, instance_id = CAST(:instance AS uuid) WHERE id = :id")
                    .bind("id", core.id()).bind("size", spec.size()).bind("instance", instance).execute();
        } else {
            h.createUpdate("INSERT INTO disks (id, size, instance_id) VALUES (:id, :size, CAST(:instance AS uuid))")
                    .bind("id", core.id()).bind("size", spec.size()).bind("instance", instance).execute();
        }
        return load(h, core);
    }

    @Override
    public Disk load(Handle h, ResourceCore core) {
        return h.createQuery("SELECT d.size, r.name AS instance FROM disks d LEFT JOIN resources r "
                        + "ON r.id = d.instance_id WHERE d.id = :id")
                .bind("id", core.id())
                .map((rs, ctx) -> new Disk(rs.getLong("size"), rs.getString("instance"))).one();
    }

    @Override
    public Map<UUID, Disk> loadAll(Handle h, List<ResourceCore> cores) {
        Map<UUID, Disk> disks = new HashMap<>();
        h.createQuery("SELECT d.id, d.size, r.name AS instance FROM disks d LEFT JOIN resources r "
                        + "ON r.id = d.instance_id WHERE d.id = ANY(:ids)")
                .bindArray("ids", UUID.class, cores.stream().map(ResourceCore::id).toList())
                .map((rs, ctx) -> disks.put(rs.getObject("id", UUID.class),
                        new Disk(rs.getLong("size"), rs.getString("instance"))))
                .list();
        return disks;
    }

    @Override
    public List<String> dependents(Handle h, ResourceCore core) {
        List<String> blocking = new ArrayList<>(References.dependents(h, "instances",
                "SELECT instance_id FROM disks WHERE id = :id", core.id()));
        blocking.replaceAll(name -> name + " (attached)");
        blocking.addAll(References.dependents(h, "snapshots", "SELECT id FROM snapshots WHERE disk_id = :id",
                core.id()));
        return blocking;
    }
}
