package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import dev.gantry.server.auth.Tenancy;
import java.util.function.Predicate;

/**
 * Keeps a caller inside its tenant ({@link Tenancy}: 403 otherwise, the same whether or not the
 * tenant exists), then answers 404 when an admin names a tenant that does not exist.
 */
public final class TenantGate {
    private final Predicate<String> exists;

    public TenantGate(Predicate<String> exists) {
        this.exists = exists;
    }

    public void admit(Caller caller, String tenant) {
        Tenancy.require(caller, tenant);
        if (!exists.test(tenant)) {
            throw ApiException.notFound("no tenant " + tenant);
        }
    }
}
