package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import dev.gantry.server.TenantScope;
import java.util.function.Predicate;

/**
 * Keeps a caller inside its tenant: another tenant answers 404 exactly as a tenant that does not
 * exist ({@link TenantScope}, the server's one tenant check), so a caller learns nothing about
 * other tenants; an admin naming a missing tenant gets the same 404.
 */
public final class TenantGate {
    private final Predicate<String> exists;

    public TenantGate(Predicate<String> exists) {
        this.exists = exists;
    }

    public void admit(Caller caller, String tenant) {
        TenantScope.require(caller, tenant, "tenant " + tenant);
        if (!exists.test(tenant)) {
            throw ApiException.notFound("no tenant " + tenant);
        }
    }
}
