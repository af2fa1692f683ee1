package dev.gantry.server.resources;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Usage records and what they cost. Each state change of a resource appends a record; a resource is
 * billed, at its type's price per second, for the time between a record with a billed state
 * ({@code ready}, {@code updating}) and the next record.
 */
public final class Metering {
    static final String DELETED = "deleted";

    /** What one resource cost in the window. */
    public record ResourceUsage(UUID id, String type, String name, long seconds, BigDecimal cost) {
    }

    /** A tenant's usage in {@code [from, to)}: each resource that was billed in it, and the total. */
    public record Usage(String tenant, Instant from, Instant to, String currency, List<ResourceUsage> resources,
                        BigDecimal total) {
        public Usage {
            resources = List.copyOf(resources);
        }
    }

    private final Jdbi jdbi;
    private final Prices prices;

    public Metering(Jdbi jdbi, Prices prices) {
        this.jdbi = jdbi;
        this.prices = prices;
    }

    static void record(Handle h, ResourceCore core, String state, Instant at) {
        h.createUpdate("INSERT INTO usage_records (tenant, type, resource_id, name, state, at) "
                        + "VALUES (:tenant, :type, :id, :name, :state, :at)")
                .bind("tenant", core.tenant().orElse(null)).bind("type", core.type()).bind("id", core.id())
                .bind("name", core.name()).bind("state", state).bind("at", Timestamp.from(at)).execute();
    }

    /** Billed seconds per resource in the window, priced. */
    public Usage usage(String tenant, Instant from, Instant to) {
        record Interval(UUID id, String type, String name, long millis) {
        }
        // Each record lasts until the next one of its resource; the last lasts until 'to'.
        List<Interval> intervals = jdbi.withHandle(h -> h.createQuery("""
                        SELECT resource_id, type, name,
                               (extract(epoch FROM least(coalesce(until, :to), :to) - greatest(at, :from)) * 1000)::bigint AS millis
                        FROM (SELECT resource_id, type, name, state, at,
                                     lead(at) OVER (PARTITION BY resource_id ORDER BY at, seq) AS until
                              FROM usage_records WHERE tenant = :tenant AND at < :to) r
                        WHERE state IN ('ready', 'updating') AND coalesce(until, :to) > :from""")
                .bind("tenant", tenant).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> new Interval(rs.getObject("resource_id", UUID.class), rs.getString("type"),
                        rs.getString("name"), rs.getLong("millis")))
                .list());
        Map<UUID, Interval> perResource = new LinkedHashMap<>();
        for (Interval i : intervals) {
            perResource.merge(i.id(), i, (a, b) -> new Interval(a.id(), a.type(), b.name(), a.millis() + b.millis()));
        }
        List<ResourceUsage> resources = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Interval i : perResource.values()) {
            BigDecimal cost = prices.of(i.type()).multiply(BigDecimal.valueOf(i.millis()))
                    .divide(BigDecimal.valueOf(1000), 6, RoundingMode.HALF_UP);
            resources.add(new ResourceUsage(i.id(), i.type(), i.name(),
                    Duration.ofMillis(i.millis()).toSeconds(), cost));
            total = total.add(cost);
        }
        return new Usage(tenant, from, to, prices.currency(), resources, total);
    }
}
