package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A tenant's quota per resource type ({@code tenants.quotas}, e.g. {@code {"instances": 10}}): the
 * most resources of that type it may hold, whatever their state. A type without a quota is not
 * limited.
 */
final class Quotas {
    private Quotas() {
    }

    /**
     * 409 when the tenant already holds its quota of {@code type}. With a quota set, the tenant's row
     * is locked to the end of the create's transaction, so concurrent creates are counted one after
     * another and never overshoot; without one, nothing is locked.
     */
    static void check(Handle h, String tenant, String type) {
        Optional<Long> quota = h.createQuery("SELECT (quotas ->> :type)::bigint FROM tenants WHERE id = :tenant")
                .bind("type", type).bind("tenant", tenant).mapTo(Long.class).findOne();
        if (quota.isEmpty() || quota.get() == null) {
            return;
        }
        long limit = h.createQuery("SELECT (quotas ->> :type)::bigint FROM tenants WHERE id = :tenant FOR UPDATE")
                .bind("type", type).bind("tenant", tenant).mapTo(Long.class).one();
        long held = h.createQuery("SELECT count(*) FROM resources WHERE tenant = :tenant AND type = :type")
                .bind("tenant", tenant).bind("type", type).mapTo(Long.class).one();
        if (held >= limit) {
            throw new ApiException(409, "quota-exceeded", "Quota exceeded", "tenant " + tenant + " holds "
                    + held + " " + type + " of its quota of " + limit);
        }
    }
}
