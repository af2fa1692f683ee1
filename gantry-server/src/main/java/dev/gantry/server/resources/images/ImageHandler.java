package dev.gantry.server.resources.images;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.server.resources.ResourceCore;
import dev.gantry.server.resources.ResourceHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Global base images at {@code /api/v1/images}: admins write them, every tenant reads them. */
public final class ImageHandler implements ResourceHandler<Image> {
    @Override
    public String type() {
        return "images";
    }

    @Override
    public String description() {
        return "Global base images (admins write, everyone reads); a snapshot can be published as one";
    }

    @Override
    public Class<Image> specType() {
        return Image.class;
    }

    @Override
    public boolean global() {
        return true;
    }

    @Override
    public void validate(Image spec, boolean isNew, Violations v) {
        boolean one = (spec.source() == null) != (spec.fromSnapshot() == null);
        if (isNew) {
            v.check(one, "spec.source", "one-of", "give either source or fromSnapshot", spec.source());
        }
        v.check(spec.size() == null || spec.size() > 0, "spec.size", "range", "positive bytes", spec.size());
    }

    @Override
    public Image store(Handle h, ResourceCore core, Image spec, Optional<Image> previous) {
        if (previous.isPresent()) {
            Image was = previous.get();
            if (spec.fromSnapshot() != null && !spec.fromSnapshot().equals(was.fromSnapshot())
                    || spec.source() != null && !spec.source().equals(was.source())) {
                throw ApiException.invalid("spec.source", "immutable", "an image's origin is fixed", spec.source());
            }
            h.createUpdate("UPDATE images SET os = :os WHERE id = :id").bind("id", core.id()).bind("os", spec.os())
                    .execute();
            return load(h, core);
        }
        if (spec.fromSnapshot() != null) {
            Long size = h.createQuery("SELECT s.size FROM snapshots s JOIN resources r ON r.id = s.id "
                            + "WHERE s.id = :id AND r.state <> 'deleting' FOR SHARE OF s")
                    .bind("id", spec.fromSnapshot()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> ApiException.notFound("spec.fromSnapshot: no snapshot " + spec.fromSnapshot()));
            h.createUpdate("INSERT INTO images (id, source, os, size, from_snapshot) "
                            + "VALUES (:id, :source, :os, :size, :snapshot)")
                    .bind("id", core.id()).bind("source", "snapshot:" + spec.fromSnapshot()).bind("os", spec.os())
                    .bind("size", size).bind("snapshot", spec.fromSnapshot()).execute();
        } else {
            h.createUpdate("INSERT INTO images (id, source, os, size) VALUES (:id, :source, :os, :size)")
                    .bind("id", core.id()).bind("source", spec.source()).bind("os", spec.os())
                    .bind("size", spec.size()).execute();
        }
        return load(h, core);
    }

    @Override
    public Image load(Handle h, ResourceCore core) {
        return loadAll(h, List.of(core)).get(core.id());
    }

    @Override
    public Map<UUID, Image> loadAll(Handle h, List<ResourceCore> cores) {
        Map<UUID, Image> images = new HashMap<>();
        h.createQuery("SELECT id, source, os, size, from_snapshot FROM images WHERE id = ANY(:ids)")
                .bindArray("ids", UUID.class, cores.stream().map(ResourceCore::id).toList())
                .map((rs, ctx) -> images.put(rs.getObject("id", UUID.class), new Image(rs.getString("source"),
                        rs.getString("os"), (Long) rs.getObject("size"), rs.getObject("from_snapshot", UUID.class))))
                .list();
        return images;
    }
}
