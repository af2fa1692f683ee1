package dev.gantry.server.resources.instances;

import dev.gantry.common.http.ApiException;
import dev.gantry.server.resources.networks.AddressCursor;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * An instance's address on its network, taken in the instance's create transaction without holding
 * anything that other creates on the network wait for: the candidate comes from the network's
 * {@link AddressCursor} (not transactional, so concurrent creates get distinct ones) and is inserted
 * with {@code ON CONFLICT DO NOTHING}. The lease table's primary key (network, ip) is what guarantees
 * no address is handed out twice; a candidate that is taken (a static lease, the gateway, an address
 * still held when the cursor came round) is skipped, and when the cursor misses twice the lowest free
 * address is taken instead.
 */
final class IpLeases {
    // Two draws: the first may be the gateway or an address still held after the cursor wrapped.
    private static final int CURSOR_DRAWS = 2;

    // The candidate and its lease in one statement. The one-time filter on to_regclass keeps nextval
    // from running for a network without a cursor (made by SQL, not the API): it then scans.
    private static final String FROM_CURSOR = """
            INSERT INTO network_leases (network_id, ip, instance_id, auto)
            SELECT n.id, c.ip, :instance, true
            FROM (SELECT id, gateway, host(cidr)::inet + 1 AS first,
                         host(broadcast(cidr))::inet - host(cidr)::inet - 1 AS hosts
                  FROM networks WHERE id = :network) n,
                 LATERAL (SELECT n.first + nextval(CAST(CAST(:cursor AS text) AS regclass)) % n.hosts AS ip
                          WHERE to_regclass(CAST(:cursor AS text)) IS NOT NULL) c
            WHERE c.ip <> n.gateway
            ON CONFLICT (network_id, ip) DO NOTHING
            RETURNING host(ip)""";

    // The lowest free host address, in one ordered pass over the network's taken addresses (its leases
    // and the gateway): the first host if free, else the first address after a taken one whose
    // successor is not taken. No probe per candidate, no enumeration of the prefix; but a pass over
    // every lease, hence only when the cursor missed.
    private static final String LOWEST_FREE = """
            WITH n AS (SELECT id, gateway, host(cidr)::inet + 1 AS first, host(broadcast(cidr))::inet - 1 AS last
                       FROM networks WHERE id = :network),
                 taken AS (SELECT l.ip FROM network_leases l, n WHERE l.network_id = n.id
                           UNION ALL SELECT gateway FROM n),
                 gaps AS (SELECT ip + 1 AS free, lead(ip) OVER (ORDER BY ip) AS next FROM taken)
            SELECT host(c.free) FROM n, (
                SELECT n.first AS free FROM n WHERE NOT EXISTS (SELECT 1 FROM taken WHERE taken.ip = n.first)
                UNION ALL
                SELECT free FROM gaps WHERE next IS DISTINCT FROM free) c
            WHERE c.free BETWEEN n.first AND n.last
            ORDER BY c.free LIMIT 1""";

    private static final String GIVEN = """
            INSERT INTO network_leases (network_id, ip, instance_id, auto)
            VALUES (:network, CAST(:ip AS inet), :instance, true)
            ON CONFLICT (network_id, ip) DO NOTHING
            RETURNING host(ip)""";

    private IpLeases() {
    }

    /** Leases {@code wanted} (which must be a free host address of the network) or a free one. */
    static String lease(Handle h, UUID network, String networkName, UUID instance, Optional<String> wanted) {
        if (wanted.isPresent()) {
            checkWanted(h, network, networkName, wanted.get());
            // Free a moment ago, but a concurrent create may have taken it since.
            return take(h, network, instance, wanted.get()).orElseThrow(() -> ApiException.conflict(
                    "spec.ip: " + wanted.get() + " is already leased on network " + networkName));
        }
        for (int draw = 0; draw < CURSOR_DRAWS; draw++) {
            Optional<String> ip = h.createQuery(FROM_CURSOR).bind("network", network).bind("instance", instance)
                    .bind("cursor", AddressCursor.name(network)).mapTo(String.class).findOne();
            if (ip.isPresent()) {
                return ip.get();
            }
        }
        while (true) {
            String free = h.createQuery(LOWEST_FREE).bind("network", network).mapTo(String.class).findOne()
                    .orElseThrow(() -> ApiException.conflict("network " + networkName + " has no free address"));
            // Empty when a concurrent create took it first: look again.
            Optional<String> ip = take(h, network, instance, free);
            if (ip.isPresent()) {
                return ip.get();
            }
        }
    }

    private static Optional<String> take(Handle h, UUID network, UUID instance, String ip) {
        return h.createQuery(GIVEN).bind("network", network).bind("instance", instance).bind("ip", ip)
                .mapTo(String.class).findOne();
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
