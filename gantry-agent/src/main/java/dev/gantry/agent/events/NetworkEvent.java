package dev.gantry.agent.events;

import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.Route;
import java.util.Map;
import java.util.Optional;

/**
 * One network event the broker received, from whichever source. Listeners ({@link NetworkEventListener})
 * get them in the order each source delivered them; {@link #link()} names the link when there is one.
 */
public sealed interface NetworkEvent {
    /** The history's and the SSE stream's name for this kind of event. */
    String kind();

    /** The link's name, empty for the manager. */
    Optional<String> link();

    /**
     * systemd-networkd's {@code PropertiesChanged} on a Link object: {@code changed} maps each string
     * property the signal carried (OperationalState, CarrierState, AddressState, IPv4AddressState,
     * IPv6AddressState, OnlineState, AdministrativeState) to its new value; the map has no order, the
     * broker runs directories in a fixed property order. {@code replay} marks the state read at start
     * ({@code ReplayOnStart}) rather than a change.
     */
    record LinkState(int ifindex, String name, Map<String, String> changed, boolean replay) implements NetworkEvent {
        public LinkState {
            changed = Map.copyOf(changed);
        }

        @Override
        public String kind() {
            return "link-state";
        }

        @Override
        public Optional<String> link() {
            return Optional.of(name);
        }
    }

    /** systemd-networkd's {@code PropertiesChanged} on the Manager object. */
    record ManagerState(Map<String, String> changed, boolean replay) implements NetworkEvent {
        public ManagerState {
            changed = Map.copyOf(changed);
        }

        @Override
        public String kind() {
            return "manager-state";
        }

        @Override
        public Optional<String> link() {
            return Optional.empty();
        }
    }

    /** rtnetlink: a link appeared or changed ({@code removed} false), or went away. */
    record LinkChange(boolean removed, Link value) implements NetworkEvent {
        @Override
        public String kind() {
            return "link";
        }

        @Override
        public Optional<String> link() {
            return Optional.ofNullable(value.name());
        }
    }

    /** rtnetlink: an address was added or removed. */
    record AddressChange(boolean removed, Address address) implements NetworkEvent {
        @Override
        public String kind() {
            return "address";
        }

        @Override
        public Optional<String> link() {
            return Optional.ofNullable(address.device());
        }
    }

    /** rtnetlink: a route was added or removed (any table). */
    record RouteChange(boolean removed, Route route) implements NetworkEvent {
        @Override
        public String kind() {
            return "route";
        }

        @Override
        public Optional<String> link() {
            return Optional.ofNullable(route.device());
        }
    }

    /** dhclient wrote a new lease for {@code name} (the lease file's last lease of that interface changed). */
    record Lease(int ifindex, String name, DhcpLease lease) implements NetworkEvent {
        @Override
        public String kind() {
            return "lease";
        }

        @Override
        public Optional<String> link() {
            return Optional.of(name);
        }
    }
}
