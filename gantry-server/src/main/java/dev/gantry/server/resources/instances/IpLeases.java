package dev.gantry.server.resources.instances;

import dev.gantry.common.http.ApiException;
import dev.gantry.server.resources.SqlErrors;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * An instance's address on its network, taken in the instance's create transaction. The caller holds
 * the network's row lock, so allocations on one network run one after another; the lease table's
 * primary key (network, ip) is what guarantees no address is handed out twice even so.
 */
final class IpLeases {
    // Next fit: the address after the highest one taken (an index lookup, however many leases there
    // are), skipping the gateway. Only when that runs past the end of the prefix is the lowest free
    // address searched for; a released address is therefore reused once the top of the range is
    // used up, not at once (which also spares it the stale ARP entries of its last holder).
    private static final String NEXT_FIT = """
            SELECT c.free FROM (SELECT id, gateway, host(cidr)::inet + 1 AS first,
                                       host(broadcast(cidr))::inet - 1 AS last FROM networks WHERE id = :network) n,
                LATERAL (SELECT coalesce(max(ip) + 1, n.first) AS free FROM network_leases WHERE network_id = n.id) top,
                LATERAL (SELECT CASE WHEN top.free = n.gateway THEN top.free + 1 ELSE top.free END AS free) c
            WHERE c.free BETWEEN n.first AND n.last
              AND NOT EXISTS (SELECT 1 FROM network_leases l WHERE l.network_id = n.id AND l.ip = c.free)""";

    // The lowest free host address, in one ordered pass over the network's taken addresses (its leases
    // and the gateway): the first host if free, else the first address after a taken one whose
    // successor is not taken. No probe per candidate, no enumeration of the prefix; but a pass over
    // every lease, hence only the fallback.
    private static final String LOWEST_FREE = """
            WITH n AS (SELECT id, gateway, host(cidr)::inet + 1 AS first, host(broadcast(cidr))::inet - 1 AS last
                       FROM networks WHERE id = :network),
                 taken AS (SELECT l.ip FROM network_leases l, n WHERE l.network_id = n.id
                           UNION ALL SELECT gateway FROM n),
                 gaps AS (SELECT ip + 1 AS free, lead(ip) OVER (ORDER BY ip) AS next FROM taken)
            SELECT c.free FROM n, (
                SELECT n.first AS free FROM n WHERE NOT EXISTS (SELECT 1 FROM taken WHERE taken.ip = n.first)
                UNION ALL
                SELECT free FROM gaps WHERE next IS DISTINCT FROM free) c
            WHERE c.free BETWEEN n.first AND n.last
            ORDER BY c.free LIMIT 1""";

    // COALESCE runs the fallback only when next fit found nothing.
    private static final String FREE = "SELECT free FROM (SELECT coalesce((" + NEXT_FIT + "), (" + LOWEST_FREE
            + ")) AS free) f WHERE free IS NOT NULL";

    private IpLeases() {
    }

    /** Leases {@code wanted} (which must be a free host address of the network) or a free one (next fit). */
    static String lease(Handle h, UUID network, String networkName, UUID instance, Optional<String> wanted) {
        String source = wanted.isPresent() ? "SELECT CAST(:ip AS inet) AS free" : FREE;
        wanted.ifPresent(ip -> checkWanted(h, network, networkName, ip));
        try {
            // Finding and taking the address is one statement: one round trip under the network's lock.
            var insert = h.createQuery("INSERT INTO network_leases (network_id, ip, instance_id, auto) "
                            + "SELECT :network, f.free, :instance, true FROM (" + source + ") f RETURNING host(ip)")
                    .bind("network", network).bind("instance", instance);
            wanted.ifPresent(ip -> insert.bind("ip", ip));
            return insert.mapTo(String.class).findOne()
                    .orElseThrow(() -> ApiException.conflict("network " + networkName + " has no free address"));
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.uniqueConstraint(e).isPresent()) {
                throw ApiException.conflict("spec.ip: " + wanted.orElse("the address") + " is already leased on network "
                        + networkName);
            }
            throw e;
        }
    }

    private static void checkWanted(Handle h, UUID network, String networkName, String ip) {
        record Where(boolean host, boolean gateway, String holder) {
        }
        Where where = h.createQuery("""
                        SELECT CAST(:ip AS inet) << n.cidr AND CAST(:ip AS inet) <> host(n.cidr)::inet
                                   AND CAST(:ip AS inet) <> host(broadcast(n.cidr))::inet AS host,
                               CAST(:ip AS inet) = n.gateway AS gateway,
                               (SELECT coalesce(r.name, coalesce(l.mac::text, 'a static lease'))
                                FROM network_leases l LEFT JOIN resources r ON r.id = l.instance_id
                                WHERE l.network_id = n.id AND l.ip = CAST(:ip AS inet)) AS holder
                        FROM networks n WHERE n.id = :network""")
                .bind("ip", ip).bind("network", network)
                .map((rs, ctx) -> new Where(rs.getBoolean("host"), rs.getBoolean("gateway"), rs.getString("holder")))
                .one();
        if (!where.host()) {
            throw ApiException.invalid("spec.ip", "outside", "not a host address of network " + networkName, ip);
        }
        if (where.gateway()) {
            throw ApiException.conflict("spec.ip: " + ip + " is the gateway of network " + networkName);
        }
        if (where.holder() != null) {
            throw ApiException.conflict("spec.ip: " + ip + " on network " + networkName + " is taken by "
                    + where.holder());
        }
    }

    /** Gives back the instance's own leases (its auto leases); static leases are not the instance's. */
    static void release(Handle h, UUID instance) {
        h.createUpdate("DELETE FROM network_leases WHERE instance_id = :id AND auto").bind("id", instance).execute();
    }
}
