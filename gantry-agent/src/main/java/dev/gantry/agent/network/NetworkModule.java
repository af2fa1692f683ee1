package dev.gantry.agent.network;

import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Addresses;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.Neighbour;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.Route;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.netlink.Rule;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/v1/network}: the kernel's links, addresses, routes (every table), policy rules and
 * neighbours, read over rtnetlink, and runtime changes to them (not persisted: they last until the
 * next reboot or until networkd reconfigures the link); and the agent's systemd-networkd .network
 * file per link ({@link NetworkdFiles}).
 */
public final class NetworkModule implements ApiModule {
    private final Rtnl rtnl;
    private final NetworkdFiles networkdFiles;
    private final DnsNtp dnsNtp;
    private final LinkFiles linkFiles;

    public NetworkModule(Rtnl rtnl, Networkd networkd) {
        this(rtnl, networkd, NetworkdFiles.DIRECTORY);
    }

    NetworkModule(Rtnl rtnl, Networkd networkd, Path networkDirectory) {
        this(rtnl, networkd, networkDirectory, LinkSetup.udevadm());
    }

    NetworkModule(Rtnl rtnl, Networkd networkd, Path networkDirectory, LinkSetup linkSetup) {
        this.rtnl = rtnl;
        this.networkdFiles = new NetworkdFiles(networkDirectory, rtnl, networkd);
        Resolved resolved = networkd == null ? null : networkd.resolved();
        this.dnsNtp = new DnsNtp(rtnl, resolved);
        this.linkFiles = new LinkFiles(networkDirectory, rtnl, linkSetup,
                () -> resolved == null ? Optional.empty() : resolved.networkdLinks());
    }

    /** Body of {@code PATCH /network/links/{name}}: what to change; absent fields stay. */
    public record LinkChange(Boolean up, Integer mtu) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(up != null || mtu != null, "$", "empty", "give up, mtu or both", null);
            v.check(mtu == null || (mtu >= 1 && mtu <= 16 * 1024 * 1024), "mtu", "range",
                    "from 1 to 16777216 (the link's own limits are the kernel's to check)", mtu);
        }
    }

    /** Body of {@code POST /network/links/{name}/addresses}: an address with its prefix length. */
    public record AddressChange(String address) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(Ip.prefix(address, true).isPresent(), "address", "cidr",
                    "an IPv4 or IPv6 address with its prefix length, e.g. 10.0.0.1/24 or fd00::1/64", address);
        }
    }

    /** A neighbour entry to add or replace: an IPv4 (ARP) or IPv6 (NDP) address and its MAC on a device. */
    public record NeighbourChange(String device, String address, String lladdr, Boolean permanent)
            implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(Names.interfaceName(device), "device", "interface", "a link name", device);
            v.check(Ip.address(address).isPresent(), "address", "ip", "an IPv4 or IPv6 address", address);
            v.check(Ip.mac(lladdr).isPresent(), "lladdr", "mac", "a MAC address such as 02:00:00:00:00:01", lladdr);
        }
    }

    /**
     * A route to add ({@code POST}), replace ({@code PUT}) or delete ({@code DELETE}, as query
     * parameters). {@code destination} is {@code default} or a prefix; {@code table} a name from
     * rt_tables or a number (main when absent); a route needs a gateway, a device or both.
     */
    public record RouteChange(String destination, String gateway, String device, String table, Long metric)
            implements Validated {
        @Override
        public void validate(Violations v) {
            boolean dstOk = v.check("default".equals(destination) || Ip.prefix(destination, true).isPresent(),
                    "destination", "cidr", "'default' or a prefix such as 192.0.2.0/24", destination);
            boolean gwOk = v.check(gateway == null || Ip.address(gateway).isPresent(), "gateway", "ip",
                    "an IPv4 or IPv6 address", gateway);
            v.check(device == null || Names.interfaceName(device), "device", "name", "an interface name", device);
            v.check(metric == null || (metric >= 0 && metric <= 0xffffffffL), "metric", "range",
                    "from 0 to 4294967295", metric);
            if (dstOk && gwOk && gateway != null && !"default".equals(destination)) {
                v.check(Ip.prefix(destination, true).get().bytes().length == Ip.address(gateway).get().length,
                        "gateway", "family", "the gateway's family differs from the destination's", gateway);
            }
        }
    }

    /**
     * A policy rule to add ({@code POST}) or delete ({@code DELETE}, as query parameters): the
     * selectors {@code from}/{@code to} (prefixes), {@code iif}/{@code oif} (interface names) and the
     * table it looks up; {@code family} inet or inet6, else taken from the prefixes (inet without).
     */
    public record RuleChange(Long priority, String from, String to, String table, String iif, String oif,
                             String family) implements Validated {
        @Override
        public void validate(Violations v) {
            v.check(priority == null || (priority >= 0 && priority <= 0xffffffffL), "priority", "range",
                    "from 0 to 4294967295", priority);
            boolean fromOk = v.check(from == null || "all".equals(from) || Ip.prefix(from, false).isPresent(),
                    "from", "cidr", "'all' or a prefix", from);
            boolean toOk = v.check(to == null || "all".equals(to) || Ip.prefix(to, false).isPresent(), "to", "cidr",
                    "'all' or a prefix", to);
            v.check(iif == null || Names.interfaceName(iif), "iif", "name", "an interface name", iif);
            v.check(oif == null || Names.interfaceName(oif), "oif", "name", "an interface name", oif);
            v.check(family == null || family.equals("inet") || family.equals("inet6"), "family", "family",
                    "inet or inet6", family);
            if (fromOk && toOk) {
                Integer f = familyOf(from);
                Integer t = familyOf(to);
                Integer given = family == null ? null : (family.equals("inet6") ? 10 : 2);
                v.check((f == null || t == null || f.equals(t)), "to", "family", "from and to differ in family", to);
                v.check(given == null || ((f == null || f.equals(given)) && (t == null || t.equals(given))),
                        "family", "family", "the prefixes are of the other family", family);
            }
        }

        static Integer familyOf(String prefix) {
            return prefix == null || "all".equals(prefix) ? null : Ip.prefix(prefix, false).get().family();
        }

        int resolvedFamily() {
            if (family != null) {
                return family.equals("inet6") ? 10 : 2;
            }
            Integer f = familyOf(from);
            Integer t = familyOf(to);
            return f != null ? f : (t != null ? t : 2);
        }
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public String description() {
        return "The kernel's network state over rtnetlink: links, addresses, routes, rules, neighbours; runtime changes";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/network/links").summary("List the network links with their state and counters")
                .returnsListOf(Link.class)
                .handle(req -> kernel(rtnl::links));
        routes.get("/network/links/{name}").summary("Show one link (by name or alternative name)")
                .returns(Link.class)
                .handle(req -> link(req.param("name")));
        routes.patch("/network/links/{name}").summary("Set a link up or down, or its MTU (until reboot)")
                .description("Changes the running link over rtnetlink; nothing is persisted. An MTU outside "
                        + "the link's limits is the kernel's 400, with its message.")
                .body(LinkChange.class).returns(Link.class)
                .handle(req -> {
                    String name = req.param("name");
                    LinkChange body = req.body(LinkChange.class);
                    Link link = link(name);
                    change(() -> rtnl.setLink(link.index(), body.up(), body.mtu()));
                    return link(name);
                });
        routes.get("/network/addresses").summary("List the IPv4 and IPv6 addresses of every link")
                .returnsListOf(Address.class)
                .handle(req -> kernel(rtnl::addresses));
        routes.post("/network/links/{name}/addresses").summary("Add an address to a link (until reboot)")
                .description("409 when the link has the address already.")
                .body(AddressChange.class).returns(Address.class).status(201)
                .handle(req -> {
                    Link link = link(req.param("name"));
                    Ip.Prefix p = Ip.prefix(req.body(AddressChange.class).address(), true).orElseThrow();
                    change(() -> rtnl.changeAddress(true, link.index(), p.bytes(), p.length()));
                    String text = Addresses.ip(p.bytes());
                    return kernel(rtnl::addresses).stream()
                            .filter(a -> a.index() == link.index() && a.address().equals(text)
                                    && a.prefixLength() == p.length())
                            .findFirst().orElseThrow(() -> ApiException.conflict("the address vanished after it was added"));
                });
        routes.delete("/network/links/{name}/addresses").summary("Remove an address from a link")
                .description("404 when the link does not have the address.")
                .query("address", String.class, "the address with its prefix length, e.g. 10.0.0.1/24")
                .handle(req -> {
                    Link link = link(req.param("name"));
                    AddressChange body = validated(new AddressChange(req.query("address").orElse(null)));
                    Ip.Prefix p = Ip.prefix(body.address(), true).orElseThrow();
                    try {
                        rtnl.changeAddress(false, link.index(), p.bytes(), p.length());
                    } catch (NetlinkException e) {
                        // The kernel's answer to deleting an address the link does not have.
                        if (e.errno() == NetlinkException.EADDRNOTAVAIL) {
                            throw ApiException.notFound(link.name() + " has no address " + body.address());
                        }
                        throw NetlinkErrors.map(e);
                    }
                    return null;
                });
        routes.get("/network/routes").summary("List the routes of a table (main by default) or of all tables")
                .returnsListOf(Route.class)
                .query("table", String.class, "main (default), all, a table number or a name from /etc/iproute2/rt_tables")
                .handle(req -> {
                    String table = req.query("table").orElse("main");
                    Optional<Long> id = table.equals("all") ? Optional.empty() : Optional.of(tableId(table, "table"));
                    return kernel(() -> rtnl.routes(id));
                });
        routes.post("/network/routes").summary("Add a route (until reboot)")
                .description("409 when the table has a route to the destination with the same metric already.")
                .body(RouteChange.class)
                .handle(req -> routeChange(Rtnl.RouteChange.ADD, req.body(RouteChange.class)));
        routes.put("/network/routes").summary("Add or replace a route (until reboot)")
                .body(RouteChange.class)
                .handle(req -> routeChange(Rtnl.RouteChange.REPLACE, req.body(RouteChange.class)));
        routes.delete("/network/routes").summary("Delete a route")
                .description("Names the route as ip route del does: the destination, and where several routes "
                        + "share it, the gateway, device, table or metric. 404 when no route matches.")
                .query("destination", String.class, "'default' or a prefix (required)")
                .query("gateway", String.class, "the route's gateway")
                .query("device", String.class, "the route's device")
                .query("table", String.class, "the route's table: main by default, a number or a name")
                .query("metric", Long.class, "the route's metric")
                .handle(req -> routeChange(Rtnl.RouteChange.DELETE, validated(new RouteChange(
                        req.query("destination").orElse(null), req.query("gateway").orElse(null),
                        req.query("device").orElse(null), req.query("table").orElse(null),
                        longQuery(req, "metric")))));
        routes.get("/network/rules").summary("List the IPv4 and IPv6 policy routing rules")
                .returnsListOf(Rule.class)
                .handle(req -> kernel(rtnl::rules));
        routes.post("/network/rules").summary("Add a policy routing rule (until reboot)")
                .body(RuleChange.class)
                .handle(req -> ruleChange(true, req.body(RuleChange.class)));
        routes.delete("/network/rules").summary("Delete a policy routing rule")
                .description("Names the rule by its priority and/or selectors, as ip rule del does; the first "
                        + "rule matching all of them is deleted. 404 when none matches.")
                .query("priority", Long.class, "the rule's priority")
                .query("from", String.class, "its source prefix")
                .query("to", String.class, "its destination prefix")
                .query("table", String.class, "the table it looks up")
                .query("iif", String.class, "its input interface")
                .query("oif", String.class, "its output interface")
                .query("family", String.class, "inet (default) or inet6")
                .handle(req -> ruleChange(false, validated(new RuleChange(longQuery(req, "priority"),
                        req.query("from").orElse(null), req.query("to").orElse(null),
                        req.query("table").orElse(null), req.query("iif").orElse(null),
                        req.query("oif").orElse(null), req.query("family").orElse(null)))));
        routes.get("/network/neighbours").summary("List the ARP and NDP neighbour entries")
                .returnsListOf(Neighbour.class)
                .handle(req -> kernel(rtnl::neighbours));
        routes.put("/network/neighbours").summary("Add or replace a neighbour entry (until reboot)")
                .description("As ip neigh replace: a static ARP (IPv4) or NDP (IPv6) entry. permanent (default "
                        + "true) never ages; false starts REACHABLE and ages like a learnt entry. 404 for an "
                        + "unknown device.")
                .body(NeighbourChange.class).returns(Neighbour.class)
                .handle(req -> {
                    NeighbourChange body = req.body(NeighbourChange.class);
                    Link link = link(body.device());
                    byte[] address = Ip.address(body.address()).orElseThrow();
                    change(() -> rtnl.changeNeighbour(true, link.index(), address, Ip.mac(body.lladdr()).orElseThrow(),
                            body.permanent() == null || body.permanent()));
                    return neighbour(link, Addresses.ip(address))
                            .orElseThrow(() -> ApiException.conflict("the entry vanished after it was added"));
                });
        routes.delete("/network/neighbours").summary("Delete a neighbour entry")
                .description("404 for an unknown device or when the device has no entry for the address.")
                .query("device", String.class, "the link (required)")
                .query("address", String.class, "the IPv4 or IPv6 address (required)")
                .handle(req -> {
                    String device = req.query("device").orElse(null);
                    String text = req.query("address").orElse(null);
                    Violations v = new Violations();
                    v.check(Names.interfaceName(device), "device", "interface", "a link name", device);
                    v.check(Ip.address(text).isPresent(), "address", "ip", "an IPv4 or IPv6 address", text);
                    v.throwIfAny();
                    Link link = link(device);
                    byte[] address = Ip.address(text).orElseThrow();
                    try {
                        rtnl.changeNeighbour(false, link.index(), address, null, false);
                    } catch (NetlinkException e) {
                        if (e.errno() == NetlinkException.ENOENT) {
                            throw ApiException.notFound(link.name() + " has no neighbour entry for " + text);
                        }
                        throw NetlinkErrors.map(e);
                    }
                    return null;
                });
        networkdFiles.register(routes);
        new NetdevFiles(networkdFiles).register(routes);
        dnsNtp.register(routes);
        linkFiles.register(routes);
    }

    private Object routeChange(Rtnl.RouteChange change, RouteChange body) {
        Violations v = new Violations();
        v.check(change == Rtnl.RouteChange.DELETE || body.gateway() != null || body.device() != null, "gateway",
                "required", "a route needs a gateway, a device or both", null);
        v.throwIfAny();
        long table = body.table() == null ? 254 : tableId(body.table(), "table");
        Integer oif = null;
        if (body.device() != null) {
            oif = kernel(() -> rtnl.link(body.device())).map(Link::index).orElseThrow(() ->
                    ApiException.invalid("device", "unknown", "no such link", body.device()));
        }
        byte[] gateway = body.gateway() == null ? null : Ip.address(body.gateway()).orElseThrow();
        Ip.Prefix dst = "default".equals(body.destination()) ? null : Ip.prefix(body.destination(), true).orElseThrow();
        int family = dst != null ? dst.family() : (gateway != null && gateway.length == 16 ? 10 : 2);
        Rtnl.RouteSpec spec = new Rtnl.RouteSpec(family, dst == null ? null : dst.bytes(),
                dst == null ? 0 : dst.length(), gateway, oif, table, body.metric());
        change(() -> rtnl.changeRoute(change, spec));
        return null;
    }

    private Object ruleChange(boolean add, RuleChange body) {
        long table = body.table() == null ? (add ? 254 : 0) : tableId(body.table(), "table");
        Ip.Prefix from = body.from() == null || "all".equals(body.from()) ? null : Ip.prefix(body.from(), false).get();
        Ip.Prefix to = body.to() == null || "all".equals(body.to()) ? null : Ip.prefix(body.to(), false).get();
        if (!add && body.priority() == null && from == null && to == null && body.iif() == null
                && body.oif() == null && body.table() == null) {
            throw ApiException.invalid("priority", "required",
                    "name the rule: its priority or its selectors (from, to, iif, oif, table)", null);
        }
        Rtnl.RuleSpec spec = new Rtnl.RuleSpec(body.resolvedFamily(), body.priority(),
                from == null ? null : from.bytes(), from == null ? 0 : from.length(),
                to == null ? null : to.bytes(), to == null ? 0 : to.length(), table, body.iif(), body.oif());
        change(() -> rtnl.changeRule(add, spec));
        return null;
    }

    private long tableId(String text, String field) {
        rtnl.names().reloadIfChanged();
        return rtnl.names().tableId(text).orElseThrow(() -> ApiException.invalid(field, "table",
                "a table number or a name from /etc/iproute2/rt_tables", text));
    }

    private static Long longQuery(ApiRequest req, String name) {
        return req.query(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ApiException.invalid(name, "integer", "must be a whole number", v);
            }
        }).orElse(null);
    }

    private static <T extends Validated> T validated(T value) {
        Violations v = new Violations();
        value.validate(v);
        v.throwIfAny();
        return value;
    }

    private Optional<Neighbour> neighbour(Link link, String address) {
        return kernel(rtnl::neighbours).stream()
                .filter(n -> n.index() == link.index() && address.equals(n.address())).findFirst();
    }

    private Link link(String name) {
        return kernel(() -> rtnl.link(name)).orElseThrow(() -> ApiException.notFound("no link named " + name));
    }

    /** A read: a netlink failure is the backend's, not the caller's. */
    private static <T> T kernel(Supplier<T> read) {
        try {
            return read.get();
        } catch (NetlinkException e) {
            throw e.errno() == 0 ? ApiException.unavailable("rtnetlink", e.getMessage())
                    : new ApiException(500, "netlink", "Netlink error", e.getMessage());
        }
    }

    private static void change(Runnable write) {
        try {
            write.run();
        } catch (NetlinkException e) {
            throw NetlinkErrors.map(e);
        }
    }

    /** Interface names as the kernel allows them: 1 to 15 bytes, no '/', ':' or white space. */
    static final class Names {
        private Names() {
        }

        static boolean interfaceName(String name) {
            return name != null && !name.isEmpty() && name.length() <= 15 && !name.equals(".") && !name.equals("..")
                    && name.chars().allMatch(c -> c > 32 && c < 127 && c != '/' && c != ':');
        }
    }
}
