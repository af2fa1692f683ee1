package dev.gantry.server.tenants;

import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.Map;

/** The bodies of the tenant routes. */
public final class TenantRequests {
    private TenantRequests() {
    }

    /**
     * {@code POST /tenants}.
     *
     * @param id               required: lowercase letters and digits, 1–63 characters
     * @param displayName      required, at most 200 characters
     * @param billingReference optional, at most 200 characters
     * @param quotas           optional: resource type → most of that type the tenant may hold (≥ 0)
     */
    public record Create(String id, String displayName, String billingReference, Map<String, Long> quotas)
            implements Validated {
        @Override
        public void validate(Violations v) {
            TenantRules.id(v, id);
            if (v.check(displayName != null, "displayName", "required", "a display name is required", null)) {
                TenantRules.displayName(v, displayName);
            }
            if (billingReference != null) {
                TenantRules.billingReference(v, billingReference);
            }
            if (quotas != null) {
                TenantRules.quotas(v, quotas);
            }
        }

        Map<String, Long> quotasOrNone() {
            return quotas == null ? Map.of() : quotas;
        }
    }

    /**
     * {@code PATCH /tenants/{id}}: fields left out keep their value.
     *
     * @param displayName      a new display name
     * @param billingReference a new billing reference; {@code ""} removes it
     * @param quotas           the new quotas, replacing all of them; {@code {}} removes every quota
     */
    public record Update(String displayName, String billingReference, Map<String, Long> quotas) implements Validated {
        @Override
        public void validate(Violations v) {
            if (displayName != null) {
                TenantRules.displayName(v, displayName);
            }
            if (billingReference != null) {
                TenantRules.billingReference(v, billingReference);
            }
            if (quotas != null) {
                TenantRules.quotas(v, quotas);
            }
            v.check(displayName != null || billingReference != null || quotas != null, "$", "empty",
                    "name at least one of displayName, billingReference, quotas", null);
        }
    }
}
