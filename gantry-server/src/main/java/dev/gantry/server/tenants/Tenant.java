package dev.gantry.server.tenants;

import java.time.Instant;
import java.util.Map;

/**
 * One customer organisation.
 *
 * @param id               lowercase letters and digits, 1–63 characters; unique, never changes
 * @param displayName      what people call it
 * @param billingReference the tenant's key in the billing system, when it has one
 * @param quotas           per resource type (e.g. {@code instances}), the most of that type it may hold;
 *                         a type not named has no quota
 */
public record Tenant(String id, String displayName, String billingReference, Map<String, Long> quotas,
                     Instant createdAt, Instant updatedAt) {
    public Tenant {
        quotas = Map.copyOf(quotas);
    }
}
