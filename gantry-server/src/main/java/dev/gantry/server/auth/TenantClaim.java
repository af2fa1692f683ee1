package dev.gantry.server.auth;

import java.util.regex.Pattern;

/** Tenant ids as they appear in tokens: the tenant's id itself, lowercase letters and digits. */
final class TenantClaim {
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9]{1,63}");

    private TenantClaim() {
    }

    static boolean isTenantId(String value) {
        return value != null && TENANT_ID.matcher(value).matches();
    }
}
