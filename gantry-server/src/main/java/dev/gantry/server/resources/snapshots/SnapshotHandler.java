package dev.gantry.server.resources.snapshots;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.resources.References;
import dev.gantry.server.resources.ResourceCore;
import dev.gantry.server.resources.ResourceHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Disk snapshots: fixed at creation, so an update changes only name and tags. */
public final class SnapshotHandler implements ResourceHandler<Snapshot> {
    @Override
    public String type() {
        return "snapshots";
    }

    @Override
    public String description() {
        return "Snapshots of disks, fixed at creation; an admin can publish one as an image";
    }

    @Override
    public Class<Snapshot> specType() {
        return Snapshot.class;
    }

    @Override
    public void validate(Snapshot spec, boolean isNew, Violations v) {
        v.check(spec.disk() != null && !spec.disk().isBlank(), "spec.disk", "required", "the disk to snapshot",
                spec.disk());
        v.check(!isNew || spec.size() == null, "spec.size", "read-only", "a snapshot has its disk's size",
                spec.size());
    }

    @Override
    public Snapshot store(Handle h, ResourceCore core, Snapshot spec, Optional<Snapshot> previous) {
        if (previous.isPresent()) {
            Snapshot was = previous.get();
            boolean sameDisk = spec.disk().equals(was.disk()) || References.require(h, "disks", core.tenant(),
                    spec.disk(), "spec.disk", false).name().equals(was.disk());
            if (!sameDisk || (spec.size() != null && !spec.size().equals(was.size()))) {
                throw ApiException.invalid("spec", "immutable", "a snapshot is fixed at creation", null);
            }
            return was;
        }
        ResourceCore disk = References.require(h, "disks", core.tenant(), spec.disk(), "spec.disk", true);
        h.createUpdate("INSERT INTO snapshots (id, disk_id, size) SELECT :id, d.id, d.size FROM disks d WHERE d.id = :disk")
                .bind("id", core.id()).bind("disk", disk.id()).execute();
        return load(h, core);
    }

    @Override
    public Snapshot load(Handle h, ResourceCore core) {
        return loadAll(h, List.of(core)).get(core.id());
    }

    @Override
    public Map<UUID, Snapshot> loadAll(Handle h, List<ResourceCore> cores) {
        Map<UUID, Snapshot> snapshots = new HashMap<>();
        h.createQuery("SELECT s.id, r.name AS disk, s.size FROM snapshots s JOIN resources r ON r.id = s.disk_id "
                        + "WHERE s.id = ANY(:ids)")
                .bindArray("ids", UUID.class, cores.stream().map(ResourceCore::id).toList())
                .map((rs, ctx) -> snapshots.put(rs.getObject("id", UUID.class),
                        new Snapshot(rs.getString("disk"), rs.getLong("size"))))
                .list();
        return snapshots;
    }
}
