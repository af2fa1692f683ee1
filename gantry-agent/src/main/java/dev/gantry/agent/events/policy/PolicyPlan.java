package dev.gantry.agent.events.policy;

import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Addresses;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel should hold for the managed links, computed from a dump of links, addresses and
 * main-table routes. Pure: the same dumps give the same plan, which is what makes reconciling
 * idempotent.
 *
 * <p>Per managed link with index {@code i}, table {@code 9999 + i} gets:
 * <ul>
 * <li>a connected route per address prefix (IPv4, and IPv6 that is not link-local), while the link is up
 *     (the kernel refuses routes through a link that is down, and drops them when it goes down);</li>
 * <li>per family that has such an address, a default route: the link's own main-table default route
 *     (lowest metric), else the main table's default gateway of another link when that gateway lies in
 *     one of this link's prefixes (the secondary-interface case: same subnet, one gateway);</li>
 * <li>per address, {@code from ADDR lookup T} and {@code to ADDR lookup T} at {@link #PRIORITY}.</li>
 * </ul>
 * A link without such addresses gets nothing, so its table empties when its last address goes.
 */
final class PolicyPlan {
    static final long TABLE_BASE = 9999;
    /** Below main (32766) and default (32767), above the rules admins usually number from 0 or 100. */
    static final long PRIORITY = 30000;
    private static final long MAIN = 254;

    private PolicyPlan() {
    }

    static long table(int ifindex) {
        return TABLE_BASE + ifindex;
    }

    static Set<PolicyEntry> plan(List<String> managed, List<Link> links, List<Address> addresses,
                                 List<Route> routes) {
        Set<PolicyEntry> out = new LinkedHashSet<>();
        for (Link link : links) {
            if (managed.contains(link.name())) {
                planLink(link, addresses, routes, out);
            }
        }
        return out;
    }

    private static void planLink(Link link, List<Address> addresses, List<Route> routes, Set<PolicyEntry> out) {
        long table = table(link.index());
        boolean up = link.flags().contains("UP");
        List<Address> own = addresses.stream().filter(a -> a.index() == link.index() && usable(a)).toList();
        Set<String> families = new LinkedHashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (Address a : own) {
            families.add(a.family());
            int bits = a.family().equals("inet") ? 32 : 128;
            if (up && a.prefixLength() < bits) {
                String prefix = network(a.address(), a.prefixLength());
                prefixes.add(prefix);
                out.add(new PolicyEntry.TableRoute(a.family(), table, prefix, null, link.index()));
            }
        }
        if (up) {
            for (String family : families) {
                defaultGateway(family, link.index(), prefixes, routes).ifPresent(gw ->
                        out.add(new PolicyEntry.TableRoute(family, table, "default", gw.orElse(null), link.index())));
            }
        }
        for (Address a : own) {
            out.add(new PolicyEntry.AddressRule(a.family(), table, true, a.address(), PRIORITY));
            out.add(new PolicyEntry.AddressRule(a.family(), table, false, a.address(), PRIORITY));
        }
    }

    /** IPv4, and IPv6 outside fe80::/10; not an address that failed duplicate detection. */
    static boolean usable(Address a) {
        if (a.flags().contains("dadfailed")) {
            return false;
        }
        if (a.family().equals("inet")) {
            return true;
        }
        return a.family().equals("inet6") && !"link".equals(a.scope()) && !linkLocal6(a.address());
    }

    private static boolean linkLocal6(String address) {
        byte[] b = InetAddress.ofLiteral(address).getAddress();
        return b.length == 16 && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    /**
     * The gateway of the default route to copy (empty inner Optional: a device-only default), if
     * there is one for {@code family}.
     */
    private static Optional<Optional<String>> defaultGateway(String family, int index, List<String> prefixes,
                                                             List<Route> routes) {
        List<Route> defaults = routes.stream()
                .filter(r -> r.tableId() == MAIN && r.family().equals(family) && "default".equals(r.destination())
                        && "unicast".equals(r.type()))
                .sorted(Comparator.comparingLong(r -> r.metric() == null ? 0 : r.metric()))
                .toList();
        for (Route r : defaults) {
            if (r.oif() != null && r.oif() == index) {
                return Optional.of(Optional.ofNullable(r.gateway()));
            }
            for (Route.Nexthop h : r.nexthops()) {
                if (h.oif() == index && h.gateway() != null) {
                    return Optional.of(Optional.of(h.gateway()));
                }
            }
        }
        for (Route r : defaults) {
            List<String> gateways = new ArrayList<>();
            if (r.gateway() != null) {
                gateways.add(r.gateway());
            }
            r.nexthops().stream().map(Route.Nexthop::gateway).filter(g -> g != null).forEach(gateways::add);
            for (String gw : gateways) {
                if (prefixes.stream().anyMatch(p -> contains(p, gw))) {
                    return Optional.of(Optional.of(gw));
                }
            }
        }
        return Optional.empty();
    }

    /** The network of {@code address}/{@code length} as a prefix, e.g. 10.0.0.0/24. */
    static String network(String address, int length) {
        byte[] b = masked(InetAddress.ofLiteral(address).getAddress(), length);
        return Addresses.ip(b) + "/" + length;
    }

    static boolean contains(String prefix, String address) {
        int slash = prefix.indexOf('/');
        byte[] net = InetAddress.ofLiteral(prefix.substring(0, slash)).getAddress();
        byte[] a = InetAddress.ofLiteral(address).getAddress();
        int length = Integer.parseInt(prefix.substring(slash + 1));
        return net.length == a.length && java.util.Arrays.equals(masked(a, length), masked(net, length));
    }

    private static byte[] masked(byte[] b, int length) {
        byte[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            out[i] &= (byte) (0xff00 >> keep);
        }
        return out;
    }
}
