package dev.gantry.server.tenants;

import dev.gantry.common.http.Violations;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks tenant input shares between create and update, each a stable code per field. */
final class TenantRules {
    static final Pattern ID = Pattern.compile("[a-z0-9]{1,63}");
    /** A resource type's name, as its URL segment: {@code instances}, {@code load-balancers}. */
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final int MAX_DISPLAY_NAME = 200;
    static final int MAX_BILLING_REFERENCE = 200;

    private TenantRules() {
    }

    static void id(Violations v, String id) {
        if (v.check(id != null, "id", "required", "a tenant id is required", null)) {
            v.check(ID.matcher(id).matches(), "id", "pattern",
                    "lowercase letters and digits only, 1 to 63 characters", id);
        }
    }

    static void displayName(Violations v, String name) {
        if (v.check(!name.isBlank(), "displayName", "required", "must not be blank", name)) {
            v.check(name.length() <= MAX_DISPLAY_NAME, "displayName", "too-long",
                    "at most " + MAX_DISPLAY_NAME + " characters", name);
        }
    }

    static void billingReference(Violations v, String reference) {
        v.check(reference.length() <= MAX_BILLING_REFERENCE, "billingReference", "too-long",
                "at most " + MAX_BILLING_REFERENCE + " characters", reference);
    }

    static void quotas(Violations v, Map<String, Long> quotas) {
        quotas.forEach((type, limit) -> {
            v.check(TYPE.matcher(type).matches(), "quotas." + type, "type",
                    "a resource type: lowercase letters, digits and '-', starting with a letter", type);
            if (v.check(limit != null, "quotas." + type, "required", "a whole number, 0 or more", null)) {
                v.check(limit >= 0, "quotas." + type, "range", "a whole number, 0 or more", limit);
            }
        });
    }
}
