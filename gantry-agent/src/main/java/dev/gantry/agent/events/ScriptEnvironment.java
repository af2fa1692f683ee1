package dev.gantry.agent.events;

import dev.gantry.agent.backend.netlink.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a script gets: network-event-broker's names ({@code LINK}, {@code LINKINDEX},
 * {@code <Property>=<value>}, {@code DHCP_LEASE}, {@code JSON}) and networkd-dispatcher's
 * ({@code IFACE}, {@code STATE}, {@code ADDR}, {@code IP_ADDRS}, {@code IP6_ADDRS},
 * {@code AdministrativeState}, {@code OperationalState}, {@code json}), so scripts written for either run unchanged.
 */
final class ScriptEnvironment {
    private ScriptEnvironment() {
    }

    /** A link's IPv4 and IPv6 addresses (without prefix length) at the time the event is handled. */
    record Addresses(List<String> ipv4, List<String> ipv6) {
        static final Addresses NONE = new Addresses(List.of(), List.of());

        Addresses {
            ipv4 = List.copyOf(ipv4);
            ipv6 = List.copyOf(ipv6);
        }
    }

    /**
     * For {@code <state>.d} of a networkd link event: every property the signal changed, and the
     * link's last known AdministrativeState and OperationalState when the signal did not carry them.
     */
    static Map<String, String> linkState(NetworkEvent.LinkState event, String state, Map<String, String> known,
                                         Addresses addresses, Optional<String> lease, Optional<String> json) {
        Map<String, String> env = link(event.name(), event.ifindex(), addresses);
        env.put("STATE", state);
        for (String property : List.of("AdministrativeState", "OperationalState")) {
            String value = known.get(property);
            if (value != null) {
                env.put(property, value);
            }
        }
        env.putAll(event.changed());
        if (event.replay()) {
            env.put("REPLAY", "true");
        }
        lease.ifPresent(l -> env.put("DHCP_LEASE", l));
        json.ifPresent(j -> {
            env.put("JSON", j);
            env.put("json", j);
        });
        return env;
    }

    /** For {@code manager.d}: the Manager's changed properties; STATE is its OperationalState when it changed. */
    static Map<String, String> manager(NetworkEvent.ManagerState event) {
        Map<String, String> env = new LinkedHashMap<>();
        Optional.ofNullable(event.changed().get("OperationalState")).ifPresent(s -> env.put("STATE", s));
        env.putAll(event.changed());
        if (event.replay()) {
            env.put("REPLAY", "true");
        }
        return env;
    }

    /** For {@code routes.d}: the link and the route (ROUTE_ACTION add or remove, ROUTE_DST, ROUTE_GATEWAY...). */
    static Map<String, String> route(NetworkEvent.RouteChange event, int ifindex, Addresses addresses) {
        Route r = event.route();
        Map<String, String> env = link(r.device(), ifindex, addresses);
        env.put("ROUTE_ACTION", event.removed() ? "remove" : "add");
        env.put("ROUTE_FAMILY", r.family());
        env.put("ROUTE_DST", r.destination());
        put(env, "ROUTE_GATEWAY", r.gateway());
        env.put("ROUTE_TABLE", r.table());
        put(env, "ROUTE_PROTOCOL", r.protocol());
        return env;
    }

    /**
     * For {@code routable.d} on a new dhclient lease: {@code DHCP_LEASE} as network-event-broker writes it
     * ({@code ADDRESS=… SUBNETMASK=… ROUTER=… DNS=a,b DOMAIN=d}), and {@code DNS}, {@code DOMAIN} apart.
     */
    static Map<String, String> lease(NetworkEvent.Lease event, Addresses addresses) {
        DhcpLease lease = event.lease();
        Map<String, String> env = link(event.name(), event.ifindex(), addresses);
        env.put("STATE", "routable");
        List<String> parts = new ArrayList<>();
        if (lease.fixedAddress() != null) {
            parts.add("ADDRESS=" + lease.fixedAddress());
        }
        lease.subnetMask().ifPresent(m -> parts.add("SUBNETMASK=" + m));
        if (!lease.routers().isEmpty()) {
            parts.add("ROUTER=" + String.join(",", lease.routers()));
        }
        if (!lease.dns().isEmpty()) {
            parts.add("DNS=" + String.join(",", lease.dns()));
            env.put("DNS", String.join(",", lease.dns()));
        }
        if (!lease.domains().isEmpty()) {
            parts.add("DOMAIN=" + String.join(",", lease.domains()));
            env.put("DOMAIN", String.join(",", lease.domains()));
        }
        lease.hostname().ifPresent(h -> parts.add("HOSTNAME=" + h));
        env.put("DHCP_LEASE", String.join(" ", parts));
        return env;
    }

    /**
     * networkd's lease file ({@code /run/systemd/netif/leases/<ifindex>}) as network-event-broker passes
     * it: the lines that are not comments, joined by spaces.
     */
    static String networkdLease(String fileText) {
        return String.join(" ", fileText.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList());
    }

    private static Map<String, String> link(String name, int ifindex, Addresses addresses) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LINK", name);
        env.put("IFACE", name);
        env.put("LINKINDEX", Integer.toString(ifindex));
        env.put("ADDR", addresses.ipv4().isEmpty() ? "" : addresses.ipv4().getFirst());
        env.put("IP_ADDRS", String.join(" ", addresses.ipv4()));
        env.put("IP6_ADDRS", String.join(" ", addresses.ipv6()));
        return env;
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
