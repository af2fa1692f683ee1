package dev.gantry.agent.backend.netlink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's rtnetlink client: dumps of links, addresses, routes, rules and neighbours and the
 * changes the network module makes. Thread-safe: each call borrows one socket from a small pool
 * ({@link #POOLED} kept open), so concurrent requests never share a socket and a read costs no
 * socket(2)/bind(2). A socket that failed other than by a kernel refusal is closed, not reused.
 */
public final class Rtnl implements AutoCloseable {
    static final int POOLED = 4;
    static final int TIMEOUT_MILLIS = 5000;
    /** IFLA_EXT_MASK bit that drops the counters from a dump that only wants names. */
    private static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    private final SocketPool pool = new SocketPool(() -> NetlinkSocket.open(TIMEOUT_MILLIS), POOLED, "rtnetlink");
    private final RtNames names;

    public Rtnl(RtNames names) {
        this.names = names;
    }

    /** The host's rtnetlink, table names from /etc/iproute2. Opens no socket until first used. */
    public static Rtnl host() {
        return new Rtnl(RtNames.host());
    }

    public RtNames names() {
        return names;
    }

    private <T> T withSocket(SocketPool.SocketCall<T> call) {
        return pool.withSocket(call);
    }

    // ---- dumps ----

    /** Every link, with its master's name. */
    public List<Link> links() {
        List<Link> links = withSocket(s -> s.dump(ifinfo(Nl.RTM_GETLINK, 0), Parsers::link));
        return withMasterNames(links);
    }

    static List<Link> withMasterNames(List<Link> links) {
        boolean any = false;
        for (Link l : links) {
            any |= l.masterIndex() != null;
        }
        if (!any) {
            return links;
        }
        Map<Integer, String> byIndex = new HashMap<>();
        links.forEach(l -> byIndex.put(l.index(), l.name()));
        List<Link> out = new ArrayList<>(links.size());
        for (Link l : links) {
            out.add(l.masterIndex() == null ? l : l.withMaster(byIndex.get(l.masterIndex())));
        }
        return out;
    }

    /** The link named {@code name} (or with that alternative name), if there is one. */
    public Optional<Link> link(String name) {
        if (name.isEmpty() || name.length() > 127 || name.indexOf('\0') >= 0 || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        Optional<Link> found = getLink(name, Nl.IFLA_IFNAME);
        if (found.isEmpty()) {
            found = getLink(name, Nl.IFLA_ALT_IFNAME);
        }
        return found.map(l -> l.masterIndex() == null ? l
                : l.withMaster(getLinkByIndex(l.masterIndex()).map(Link::name).orElse(null)));
    }

    private Optional<Link> getLink(String name, int attr) {
        Message m = ifinfo(Nl.RTM_GETLINK, 0);
        // IFNAMSIZ is 16: a longer name can only be an alternative name (the kernel refuses it in IFLA_IFNAME).
        if (attr == Nl.IFLA_IFNAME && name.length() > 15) {
            return Optional.empty();
        }
        m.attrString(attr, name);
        return single(m);
    }

    private Optional<Link> getLinkByIndex(int index) {
        return single(ifinfo(Nl.RTM_GETLINK, index));
    }

    private Optional<Link> single(Message m) {
        try {
            return Optional.ofNullable(withSocket(s -> s.get(m, Parsers::link)));
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV || e.errno() == NetlinkException.ENOENT
                    || e.errno() == NetlinkException.EINVAL || e.errno() == NetlinkException.ERANGE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Index to name of every link: a dump without counters. */
    public Map<Integer, String> linkNames() {
        Message m = ifinfo(Nl.RTM_GETLINK, 0);
        m.attrU32(Nl.IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
        List<Link> links = withSocket(s -> s.dump(m, Parsers::link));
        Map<Integer, String> out = new HashMap<>();
        links.forEach(l -> out.put(l.index(), l.name()));
        return out;
    }

    /** Every IPv4 and IPv6 address of every link. */
    public List<Address> addresses() {
        Message m = new Message(Nl.RTM_GETADDR, 0).u8(Nl.AF_UNSPEC).zeros(7);
        List<Address> addresses = withSocket(s -> s.dump(m, Parsers::address));
        Map<Integer, String> linkNames = linkNames();
        List<Address> out = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            out.add(a.withDevice(linkNames.get(a.index())));
        }
        return out;
    }

    /**
     * The IPv4 and IPv6 addresses of link {@code index}, without device names: one dump and no link dump,
     * for callers on a latency path (the event broker reads them before it starts scripts).
     */
    public List<Address> addresses(int index) {
        Message m = new Message(Nl.RTM_GETADDR, 0).u8(Nl.AF_UNSPEC).zeros(7);
        List<Address> addresses = withSocket(s -> s.dump(m, Parsers::address));
        return addresses.stream().filter(a -> a.index() == index).toList();
    }

    /** IPv4 and IPv6 routes of the table {@code table}, or of every table when empty. */
    public List<Route> routes(Optional<Long> table) {
        names.reloadIfChanged();
        Message m = new Message(Nl.RTM_GETROUTE, 0).u8(Nl.AF_UNSPEC).zeros(11);
        List<Route> routes = withSocket(s -> s.dump(m, (type, msg) -> {
            Route r = Parsers.route(type, msg, names);
            if (r == null || (!r.family().equals("inet") && !r.family().equals("inet6"))) {
                return null;
            }
            return table.isEmpty() || table.get() == r.tableId() ? r : null;
        }));
        return withDevices(routes, linkNames());
    }

    static List<Route> withDevices(List<Route> routes, Map<Integer, String> linkNames) {
        List<Route> out = new ArrayList<>(routes.size());
        for (Route r : routes) {
            List<Route.Nexthop> hops = r.nexthops().stream().map(h -> new Route.Nexthop(h.gateway(),
                    linkNames.get(h.oif()), h.oif(), h.weight(), h.flags())).toList();
            String iif = r.inputDevice() == null ? null
                    : linkNames.getOrDefault(Integer.parseInt(r.inputDevice()), r.inputDevice());
            out.add(new Route(r.family(), r.table(), r.tableId(), r.type(), r.destination(), r.source(), r.gateway(),
                    r.oif() == null ? null : linkNames.get(r.oif()), r.oif(), iif, r.protocol(), r.scope(),
                    r.metric(), r.preferredSource(), r.flags(), hops));
        }
        return out;
    }

    /** IPv4 and IPv6 policy rules, in the kernel's order (by priority). */
    public List<Rule> rules() {
        names.reloadIfChanged();
        Message m = new Message(Nl.RTM_GETRULE, 0).u8(Nl.AF_UNSPEC).zeros(11);
        return withSocket(s -> s.dump(m, (type, msg) -> {
            Rule r = Parsers.rule(type, msg, names);
            return r == null || (!r.family().equals("inet") && !r.family().equals("inet6")) ? null : r;
        }));
    }

    /** IPv4 (ARP) and IPv6 (NDP) neighbour entries. */
    public List<Neighbour> neighbours() {
        Message m = new Message(Nl.RTM_GETNEIGH, 0).u8(Nl.AF_UNSPEC).zeros(11);
        List<Neighbour> found = withSocket(s -> s.dump(m, (type, msg) -> {
            Neighbour n = Parsers.neighbour(type, msg);
            return n == null || (!n.family().equals("inet") && !n.family().equals("inet6")) ? null : n;
        }));
        Map<Integer, String> linkNames = linkNames();
        List<Neighbour> out = new ArrayList<>(found.size());
        for (Neighbour n : found) {
            out.add(n.withDevice(linkNames.get(n.index())));
        }
        return out;
    }

    // ---- changes ----

    /** Sets the link with index {@code index} up or down and/or its MTU (null leaves it). ENODEV if it is gone. */
    public void setLink(int index, Boolean up, Integer mtu) {
        Message m = new Message(Nl.RTM_NEWLINK, 0).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index);
        m.u32(up == null ? 0 : (up ? Nl.IFF_UP : 0)).u32(up == null ? 0 : Nl.IFF_UP);
        if (mtu != null) {
            m.attrU32(Nl.IFLA_MTU, mtu);
        }
        execute(m);
    }

    /** Deletes the link with index {@code index} (RTM_DELLINK); ENODEV if it is gone. */
    public void deleteLink(int index) {
        Message m = new Message(Nl.RTM_DELLINK, 0).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index);
        m.u32(0).u32(0);
        execute(m);
    }

    /** Adds ({@code add}) or removes an address on the link with index {@code index}. */
    public void changeAddress(boolean add, int index, byte[] address, int prefixLength) {
        int family = address.length == 4 ? Nl.AF_INET : Nl.AF_INET6;
        Message m = new Message(add ? Nl.RTM_NEWADDR : Nl.RTM_DELADDR,
                add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0);
        m.u8(family).u8(prefixLength).u8(0).u8(0).u32(index);
        m.attr(Nl.IFA_LOCAL, address);
        m.attr(Nl.IFA_ADDRESS, address);
        execute(m);
    }

    /**
     * Adds or replaces ({@code add}, as {@code ip neigh replace}) or deletes the neighbour entry for
     * {@code address} on the link with index {@code index}. {@code lladdr} is needed to add and
     * ignored for a delete; {@code permanent} entries never age (NUD_PERMANENT), others start
     * REACHABLE and age as learnt ones do. ENOENT deleting an entry that does not exist.
     */
    public void changeNeighbour(boolean add, int index, byte[] address, byte[] lladdr, boolean permanent) {
        int family = address.length == 4 ? Nl.AF_INET : Nl.AF_INET6;
        Message m = new Message(add ? Nl.RTM_NEWNEIGH : Nl.RTM_DELNEIGH,
                add ? Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE : 0);
        int state = add ? (permanent ? Nl.NUD_PERMANENT : Nl.NUD_REACHABLE) : 0;
        m.u8(family).u8(0).u16(0).u32(index).u16(state).u8(0).u8(0);
        m.attr(Nl.NDA_DST, address);
        if (add) {
            m.attr(Nl.NDA_LLADDR, lladdr);
        }
        execute(m);
    }

    /** A route to add, replace or delete; {@code destination} null is the default route. */
    public record RouteSpec(int family, byte[] destination, int prefixLength, byte[] gateway, Integer oif,
                            long table, Long metric) {
    }

    /** How a route change treats an existing route. */
    public enum RouteChange { ADD, REPLACE, DELETE }

    public void changeRoute(RouteChange change, RouteSpec r) {
        changeRoute(change, r, Nl.RTPROT_STATIC);
    }

    /**
     * As {@link #changeRoute(RouteChange, RouteSpec)}, marking an added route with {@code protocol}
     * (rtm_protocol, 0-255), so that its owner can tell its routes from others in a dump.
     */
    public void changeRoute(RouteChange change, RouteSpec r, int protocol) {
        boolean del = change == RouteChange.DELETE;
        int flags = switch (change) {
            case ADD -> Nl.NLM_F_CREATE | Nl.NLM_F_EXCL;
            case REPLACE -> Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE;
            case DELETE -> 0;
        };
        Message m = new Message(del ? Nl.RTM_DELROUTE : Nl.RTM_NEWROUTE, flags);
        int scope = del ? 255 : (r.gateway() == null && r.oif() != null ? Nl.RT_SCOPE_LINK : Nl.RT_SCOPE_UNIVERSE);
        m.u8(r.family()).u8(r.destination() == null ? 0 : r.prefixLength()).u8(0).u8(0)
                .u8(r.table() < 256 ? (int) r.table() : Nl.RT_TABLE_UNSPEC)
                .u8(del ? 0 : protocol).u8(scope).u8(del ? 0 : Nl.RTN_UNICAST).u32(0);
        if (r.destination() != null) {
            m.attr(Nl.RTA_DST, r.destination());
        }
        if (r.gateway() != null) {
            m.attr(Nl.RTA_GATEWAY, r.gateway());
        }
        if (r.oif() != null) {
            m.attrU32(Nl.RTA_OIF, r.oif());
        }
        if (r.metric() != null) {
            m.attrU32(Nl.RTA_PRIORITY, (int) (long) r.metric());
        }
        m.attrU32(Nl.RTA_TABLE, (int) r.table());
        execute(m);
    }

    /** A policy rule to add or delete: selectors null when absent, {@code table} what it looks up. */
    public record RuleSpec(int family, Long priority, byte[] from, int fromLength, byte[] to, int toLength,
                           long table, String iif, String oif) {
    }

    public void changeRule(boolean add, RuleSpec r) {
        changeRule(add, r, null);
    }

    /**
     * As {@link #changeRule(boolean, RuleSpec)} with FRA_PROTOCOL {@code protocol} (0-255; kernel 4.17+),
     * which {@code ip rule} shows as {@code proto N} and a delete then also matches on; null sends none.
     */
    public void changeRule(boolean add, RuleSpec r, Integer protocol) {
        Message m = new Message(add ? Nl.RTM_NEWRULE : Nl.RTM_DELRULE, add ? Nl.NLM_F_CREATE | Nl.NLM_F_EXCL : 0);
        m.u8(r.family()).u8(r.to() == null ? 0 : r.toLength()).u8(r.from() == null ? 0 : r.fromLength()).u8(0)
                .u8(r.table() < 256 ? (int) r.table() : Nl.RT_TABLE_UNSPEC).u8(0).u8(0)
                .u8(Nl.FR_ACT_TO_TBL).u32(0);
        if (r.priority() != null) {
            m.attrU32(Nl.FRA_PRIORITY, (int) (long) r.priority());
        }
        if (r.from() != null) {
            m.attr(Nl.FRA_SRC, r.from());
        }
        if (r.to() != null) {
            m.attr(Nl.FRA_DST, r.to());
        }
        if (r.iif() != null) {
            m.attrString(Nl.FRA_IIFNAME, r.iif());
        }
        if (r.oif() != null) {
            m.attrString(Nl.FRA_OIFNAME, r.oif());
        }
        if (protocol != null) {
            m.attrU8(Nl.FRA_PROTOCOL, protocol);
        }
        m.attrU32(Nl.FRA_TABLE, (int) r.table());
        execute(m);
    }

    private void execute(Message m) {
        withSocket(s -> {
            s.execute(m);
            return null;
        });
    }

    private static Message ifinfo(int type, int index) {
        return new Message(type, 0).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0);
    }

    /** Sockets kept open for the next calls (for tests). */
    int pooledSockets() {
        return pool.size();
    }

    @Override
    public void close() {
        pool.close();
    }
}
