package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** {@code GET /tenants/{tenant}/usage?from=&to=}: what a tenant's resources cost in a window. */
public final class UsageModule implements ApiModule {
    private final Metering metering;
    private final TenantGate gate;
    private final Clock clock;

    public UsageModule(Metering metering, TenantGate gate, Clock clock) {
        this.metering = metering;
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "usage";
    }

    @Override
    public String description() {
        return "Metering: the cost of a tenant's resources";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/tenants/{tenant}/usage").summary("A tenant's usage and cost in a time window")
                .returns(Metering.Usage.class)
                .description("Each resource is billed at its type's price per second while it is `ready` "
                        + "or `updating`; the answer lists every resource billed in the window and the total.")
                .query("from", String.class, "start (ISO-8601 instant, inclusive; default: 30 days before `to`)")
                .query("to", String.class, "end (ISO-8601 instant, exclusive; default: now)")
                .handle(req -> {
                    String tenant = req.param("tenant");
                    gate.admit(req.caller(), tenant);
                    Instant to = req.query("to").map(t -> instant("to", t)).orElseGet(clock::instant);
                    Instant from = req.query("from").map(t -> instant("from", t))
                            .orElse(to.minus(30, ChronoUnit.DAYS));
                    if (!from.isBefore(to)) {
                        throw ApiException.invalid("from", "range", "must be before to (" + to + ")", from.toString());
                    }
                    return metering.usage(tenant, from, to);
                });
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "instant", "an ISO-8601 instant such as 2026-01-31T00:00:00Z", text);
        }
    }
}
