package dev.gantry.server;

import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;

/**
 * Which tenants a caller may see: an admin every tenant, anyone else only the tenant its identity
 * names. Another tenant's things answer 404, exactly as things that do not exist, so that a caller
 * cannot learn what other tenants have.
 */
public final class TenantScope {
    private TenantScope() {
    }

    public static boolean isAdmin(Caller caller) {
        return caller.allows("", Access.ADMIN);
    }

    /** Whether {@code caller} may see what belongs to {@code tenant} (null: server-wide things, admins only). */
    public static boolean sees(Caller caller, String tenant) {
        return isAdmin(caller) || (tenant != null && caller.tenant().map(tenant::equals).orElse(false));
    }

    /** Throws 404 ({@code what} not found) unless {@code caller} sees {@code tenant}. */
    public static void require(Caller caller, String tenant, String what) {
        if (!sees(caller, tenant)) {
            throw ApiException.notFound("no " + what);
        }
    }
}
