package dev.gantry.agent.events;

import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How a {@link NetworkEvent} is shown on the bus and in the history. */
final class NetworkEvents {
    /** The kinds of entry, for validating a filter: the events' kinds and {@code script}. */
    static final List<String> KINDS = List.of("link-state", "manager-state", "link", "address", "route", "lease",
            "script");

    private NetworkEvents() {
    }

    static NetworkEventEntry.Data data(NetworkEvent event, Integer ifindex) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (event) {
            case NetworkEvent.LinkState s -> {
                d.put("changed", new TreeMap<>(s.changed()));
                d.put("replay", s.replay());
            }
            case NetworkEvent.ManagerState m -> {
                d.put("changed", new TreeMap<>(m.changed()));
                d.put("replay", m.replay());
            }
            case NetworkEvent.LinkChange c -> {
                Link l = c.value();
                d.put("action", c.removed() ? "removed" : "changed");
                d.put("operState", l.operState());
                d.put("flags", l.flags());
            }
            case NetworkEvent.AddressChange a -> {
                Address x = a.address();
                d.put("action", a.removed() ? "removed" : "added");
                d.put("family", x.family());
                d.put("address", x.address() + "/" + x.prefixLength());
            }
            case NetworkEvent.RouteChange r -> {
                Route x = r.route();
                d.put("action", r.removed() ? "removed" : "added");
                d.put("family", x.family());
                d.put("table", x.table());
                d.put("destination", x.destination());
                d.put("gateway", x.gateway());
            }
            case NetworkEvent.Lease l -> {
                d.put("address", l.lease().fixedAddress());
                d.put("routers", l.lease().routers());
                d.put("dns", l.lease().dns());
                d.put("domains", l.lease().domains());
                d.put("hostname", l.lease().hostname().orElse(null));
            }
        }
        return new NetworkEventEntry.Data(event.kind(), event.link().orElse(null), ifindex, d);
    }
}
