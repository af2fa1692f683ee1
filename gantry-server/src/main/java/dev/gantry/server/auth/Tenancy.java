package dev.gantry.server.auth;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Caller;

/**
 * Keeps callers inside their tenant. Scopes say what a caller may do ({@code instances:write}); the
 * tenant says where. Routes under {@code /tenants/{tenant}/…} call {@link #require(ApiRequest)} before
 * they read or write anything, so another tenant's resources are neither seen nor touched.
 */
public final class Tenancy {
    /** The path parameter routes name the tenant with. */
    public static final String PARAM = "tenant";

    private Tenancy() {
    }

    /** The {@code {tenant}} of the request's path, once its caller may act in it; 403 otherwise. */
    public static String require(ApiRequest request) {
        String tenant = request.param(PARAM);
        require(request.caller(), tenant);
        return tenant;
    }

    /**
     * A 403 unless {@code caller} belongs to {@code tenant} or is an admin. The answer is the same
     * whether or not the tenant exists, so it tells a stranger nothing about other tenants.
     */
    public static void require(Caller caller, String tenant) {
        boolean admin = caller.scopes().contains(Caller.ALL);
        if (!admin && !caller.tenant().equals(java.util.Optional.of(tenant))) {
            throw ApiException.forbidden(caller.name() + " may not act in tenant " + tenant
                    + (caller.tenant().isPresent() ? "; it belongs to tenant " + caller.tenant().get() : "; it belongs to no tenant"));
        }
    }
}
