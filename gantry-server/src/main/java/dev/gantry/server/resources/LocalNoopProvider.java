package dev.gantry.server.resources;

import dev.gantry.common.json.Json;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A provider that provisions nothing: it writes each call into {@code provider_calls} (so tests and
 * operators see what a real provider would have been asked) and returns. It is a placeholder, replaced
 * when agents and Proxmox become providers. The calls go to the database, not to memory, so every
 * replica's calls are in one place.
 */
public final class LocalNoopProvider implements Provider {
    private final Jdbi jdbi;
    private final Clock clock;

    public LocalNoopProvider(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void create(String type, UUID id, Object spec) {
        record("create", type, id, Json.text(spec));
    }

    @Override
    public void update(String type, UUID id, Object spec) {
        record("update", type, id, Json.text(spec));
    }

    @Override
    public void remove(String type, UUID id) {
        record("remove", type, id, "null");
    }

    private void record(String call, String type, UUID id, String spec) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO provider_calls (call, type, resource_id, spec, at)
                VALUES (:call, :type, :id, CAST(:spec AS jsonb), :at)""")
                .bind("call", call).bind("type", type).bind("id", id).bind("spec", spec)
                .bind("at", clock.instant()).execute());
    }
}
