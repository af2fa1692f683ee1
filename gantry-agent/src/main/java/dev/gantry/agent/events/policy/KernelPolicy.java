package dev.gantry.agent.events.policy;

import dev.gantry.agent.backend.netlink.Route;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.netlink.Rule;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's routes and rules as the kernel holds them, and the calls that add and remove them.
 *
 * <p>Ours are recognised by two marks together: the table is above {@link PolicyPlan#TABLE_BASE}
 * ({@code 9999 + ifindex}) and the protocol is {@link #PROTOCOL} (rtm_protocol on routes,
 * FRA_PROTOCOL on rules; {@code ip} prints {@code proto 195}). A route or rule an admin adds to such a
 * table by hand has another protocol ({@code static}/{@code boot}, or none on a rule) and is left
 * alone; a leftover of ours — for a link that went, an address that went while the agent was
 * stopped, or a link no longer configured — is removed at the next reconcile.
 */
final class KernelPolicy {
    /** Unassigned in iproute2's rt_protos (192 is eigrp, 186-189 the routing daemons). */
    static final int PROTOCOL = 195;
    private static final String PROTOCOL_NAME = Integer.toString(PROTOCOL);

    private final Rtnl rtnl;

    KernelPolicy(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /** Routes and rules of ours in the kernel now. */
    Set<PolicyEntry> current() {
        Set<PolicyEntry> out = new LinkedHashSet<>();
        for (Route r : rtnl.routes(Optional.empty())) {
            if (isOurs(r) && r.oif() != null) {
                out.add(new PolicyEntry.TableRoute(r.family(), r.tableId(), r.destination(), r.gateway(), r.oif()));
            }
        }
        for (Rule r : rtnl.rules()) {
            if (r.tableId() > PolicyPlan.TABLE_BASE && PROTOCOL_NAME.equals(r.protocol()) && "lookup".equals(r.action())
                    && (r.to() == null) != ("all".equals(r.from()) || r.from() == null)) {
                boolean from = r.to() == null;
                out.add(new PolicyEntry.AddressRule(r.family(), r.tableId(), from, from ? r.from() : r.to(),
                        r.priority()));
            }
        }
        return out;
    }

    static boolean isOurs(Route r) {
        return r.tableId() > PolicyPlan.TABLE_BASE && PROTOCOL_NAME.equals(r.protocol());
    }

    void add(PolicyEntry e) {
        change(true, e);
    }

    void remove(PolicyEntry e) {
        change(false, e);
    }

    private void change(boolean add, PolicyEntry e) {
        switch (e) {
            case PolicyEntry.TableRoute r -> {
                boolean dflt = r.destination().equals("default");
                byte[] dst = dflt ? null : bytes(r.destination().substring(0, r.destination().indexOf('/')));
                int length = dflt ? 0 : Integer.parseInt(r.destination().substring(r.destination().indexOf('/') + 1));
                rtnl.changeRoute(add ? Rtnl.RouteChange.ADD : Rtnl.RouteChange.DELETE,
                        new Rtnl.RouteSpec(family(r.family()), dst, length,
                                r.gateway() == null ? null : bytes(r.gateway()), r.oif(), r.table(), null),
                        PROTOCOL);
            }
            case PolicyEntry.AddressRule r -> {
                byte[] a = bytes(r.address());
                int bits = a.length * 8;
                rtnl.changeRule(add, new Rtnl.RuleSpec(family(r.family()), r.priority(),
                        r.from() ? a : null, bits, r.from() ? null : a, bits, r.table(), null, null), PROTOCOL);
            }
        }
    }

    private static int family(String family) {
        return family.equals("inet6") ? 10 : 2;
    }

    /** A kernel-given literal; an IPv4-mapped IPv6 address stays 16 bytes long. */
    private static byte[] bytes(String literal) {
        byte[] b = InetAddress.ofLiteral(literal).getAddress();
        if (b.length == 4 && literal.indexOf(':') >= 0) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            return mapped;
        }
        return b;
    }

    static List<PolicyEntry> ofTable(Set<PolicyEntry> entries, long table) {
        return entries.stream().filter(e -> e.table() == table).toList();
    }
}
