package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides whether a caller may act in a tenant: admins ({@code *} or {@code admin} scope) anywhere,
 * everyone else only in their own tenant. Which tenant a caller belongs to comes from the identity
 * layer (a token's tenant claim); which tenants exist, from the tenants table.
 */
public final class TenantGate {
    public static final String ADMIN_SCOPE = "admin";

    private final Function<Caller, Optional<String>> tenantOf;
    private final Predicate<String> exists;

    public TenantGate(Function<Caller, Optional<String>> tenantOf, Predicate<String> exists) {
        this.tenantOf = tenantOf;
        this.exists = exists;
    }

    public static boolean isAdmin(Caller caller) {
        return caller.scopes().contains(Caller.ALL) || caller.scopes().contains(ADMIN_SCOPE);
    }

    /** 403 when the caller may not use {@code tenant}; 404 when an admin names a tenant that does not exist. */
    public void admit(Caller caller, String tenant) {
        if (!isAdmin(caller) && !tenantOf.apply(caller).filter(tenant::equals).isPresent()) {
            throw ApiException.forbidden(caller.name() + " may not use tenant " + tenant);
        }
        if (!exists.test(tenant)) {
            throw ApiException.notFound("no tenant " + tenant);
        }
    }

    public void requireAdmin(Caller caller, String what) {
        if (!isAdmin(caller)) {
            throw ApiException.forbidden(caller.name() + " may not " + what + ": needs the admin scope");
        }
    }
}
