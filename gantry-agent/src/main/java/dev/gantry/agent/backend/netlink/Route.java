package dev.gantry.agent.backend.netlink;

import java.util.List;

/**
 * A route (RTM_NEWROUTE) of any table. {@code destination} is {@code default} or a prefix in CIDR
 * form (a host route's /32 or /128 is left off, as iproute2 prints it); {@code table} the table's name from iproute2's
 * rt_tables when it has one, else its number as text; {@code type}, {@code protocol} and
 * {@code scope} in iproute2's names. A multipath route lists its {@code nexthops}.
 */
public record Route(String family, String table, long tableId, String type, String destination, String source,
                    String gateway, String device, Integer oif, String inputDevice, String protocol, String scope,
                    Long metric, String preferredSource, List<String> flags, List<Nexthop> nexthops) {
    public Route {
        flags = List.copyOf(flags);
        nexthops = List.copyOf(nexthops);
    }

    /** One path of a multipath route. */
    public record Nexthop(String gateway, String device, int oif, int weight, List<String> flags) {
        public Nexthop {
            flags = List.copyOf(flags);
        }
    }
}
