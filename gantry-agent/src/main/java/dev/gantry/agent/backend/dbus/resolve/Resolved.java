package dev.gantry.agent.backend.dbus.resolve;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.systemd.Systemd1;
import dev.gantry.agent.backend.netlink.Addresses;
import dev.gantry.common.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.freedesktop.dbus.Struct;

/**
 * systemd-resolved and systemd-timesyncd over the shared {@link SystemBus}: their current servers
 * (read from resolve1/timesync1 properties), per-link DNS settings, and restarting them through
 * systemd1 after their drop-in files changed. Polkit: user gantry may call resolve1, timesync1 and
 * systemd1 (packaging/src/deb/polkit/50-gantry.rules).
 */
public class Resolved {
    static final String TIMESYNC_SERVICE = "org.freedesktop.timesync1";
    static final String TIMESYNC_PATH = "/org/freedesktop/timesync1";
    static final String TIMESYNC_INTERFACE = "org.freedesktop.timesync1.Manager";
    private final SystemBus bus;

    public Resolved(SystemBus bus) {
        this.bus = bus;
    }

    /** One DNS server as resolved reports it: the link's ifindex (0 = global) and its address. */
    public record Server(int ifindex, String address) {
    }

    /** One domain as resolved reports it: ifindex (0 = global), the name, whether routing-only. */
    public record Domain(int ifindex, String domain, boolean routeOnly) {
        /** The resolved.conf spelling: {@code ~name} when routing-only. */
        public String text() {
            return routeOnly ? "~" + domain : domain;
        }
    }

    /** resolve1.Manager's DNS, CurrentDNSServer and Domains. */
    public record Status(List<Server> dns, Server currentDnsServer, List<Domain> domains) {
    }

    /** resolved's current state, empty when it is not on the bus. */
    public Optional<Status> status() {
        PropertyValues p;
        try {
            if (!hasOwner(Resolve1Manager.SERVICE)) {
                return Optional.empty();
            }
            p = bus.call(conn -> PropertyValues.read(conn, Resolve1Manager.SERVICE, Resolve1Manager.PATH,
                    Resolve1Manager.INTERFACE));
        } catch (ApiException e) {
            return Optional.empty();
        }
        List<Server> servers = new ArrayList<>();
        p.raw("DNS").ifPresent(v -> each(v, e -> server(e).ifPresent(servers::add)));
        Server current = p.raw("CurrentDNSServer").flatMap(Resolved::server).orElse(null);
        List<Domain> domains = new ArrayList<>();
        p.raw("Domains").ifPresent(v -> each(v, e -> {
            Object[] parts = parts(e);
            if (parts != null && parts.length >= 3) {
                domains.add(new Domain(((Number) parts[0]).intValue(), String.valueOf(parts[1]),
                        Boolean.TRUE.equals(parts[2])));
            }
        }));
        return Optional.of(new Status(servers, current, domains));
    }

    /** timesyncd's ServerName and ServerAddress; empty when it is not on the bus. */
    public Optional<PropertyValues> timesync() {
        try {
            if (!hasOwner(TIMESYNC_SERVICE)) {
                return Optional.empty();
            }
            return Optional.of(bus.call(conn -> PropertyValues.read(conn, TIMESYNC_SERVICE, TIMESYNC_PATH,
                    TIMESYNC_INTERFACE)));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a process owns {@code name} now. Asked first so that a read never bus-activates a stopped
     * service (timesyncd's activation in a container waits for the call's timeout, then fails).
     */
    boolean hasOwner(String name) {
        return bus.call(conn -> conn.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus",
                org.freedesktop.dbus.interfaces.DBus.class).NameHasOwner(name));
    }

    /** {@code org.freedesktop.network1.Manager.Describe()}: networkd's state as JSON text. */
    @org.freedesktop.dbus.annotations.DBusInterfaceName("org.freedesktop.network1.Manager")
    @SuppressWarnings("checkstyle:MethodName")
    public interface Network1Describe extends org.freedesktop.dbus.interfaces.DBusInterface {
        String Describe();
    }

    /**
     * networkd's state of one link, from its Describe() JSON; {@code linkFile} is the .link file udev
     * applied (networkd reads it from udev's database: null where udevd does not run).
     */
    public record LinkState(String administrativeState, String operationalState, String carrierState,
                            String addressState, String onlineState, String linkFile) {
    }

    /** networkd's per-link states by ifindex; empty when networkd is not running (or has no Describe). */
    public Optional<java.util.Map<Integer, LinkState>> networkdLinks() {
        String json;
        try {
            if (!hasOwner("org.freedesktop.network1")) {
                return Optional.empty();
            }
            json = bus.call(conn -> conn.getRemoteObject("org.freedesktop.network1", "/org/freedesktop/network1",
                    Network1Describe.class).Describe());
        } catch (ApiException e) {
            return Optional.empty();
        }
        return Optional.of(parseDescribe(json));
    }

    public static java.util.Map<Integer, LinkState> parseDescribe(String json) {
        java.util.Map<Integer, LinkState> states = new java.util.LinkedHashMap<>();
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            for (com.fasterxml.jackson.databind.JsonNode i : root.path("Interfaces")) {
                states.put(i.path("Index").asInt(), new LinkState(text(i, "AdministrativeState"),
                        text(i, "OperationalState"), text(i, "CarrierState"), text(i, "AddressState"),
                        text(i, "OnlineState"), text(i, "LinkFile")));
            }
        } catch (java.io.IOException e) {
            return states;
        }
        return states;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode n, String field) {
        com.fasterxml.jackson.databind.JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Sets the link's servers and/or domains (null = leave). 503 when resolved is not on the bus. */
    public void setLink(int ifindex, List<byte[]> servers, List<Domain> domains) {
        call(m -> {
            if (servers != null) {
                m.SetLinkDNS(ifindex, servers.stream()
                        .map(a -> new Resolve1Manager.Server(a.length == 16 ? 10 : 2, a)).toList());
            }
            if (domains != null) {
                m.SetLinkDomains(ifindex, domains.stream()
                        .map(d -> new Resolve1Manager.Domain(d.domain(), d.routeOnly())).toList());
            }
        });
    }

    public void revertLink(int ifindex) {
        call(m -> m.RevertLink(ifindex));
    }

    /**
     * Queues {@code verb} (reload-or-restart, try-restart) for {@code unit} on systemd1; the job is
     * not awaited. A unit that is not loaded is no error: there is nothing to restart.
     */
    public void restart(String verb, String unit) {
        try {
            bus.call(conn -> {
                Systemd1.Manager m = conn.getRemoteObject("org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                        Systemd1.Manager.class);
                if (verb.equals("try-restart")) {
                    m.TryRestartUnit(unit, "replace");
                } else {
                    m.ReloadOrRestartUnit(unit, "replace");
                }
                return null;
            });
        } catch (BusError e) {
            if (!e.is("org.freedesktop.systemd1.NoSuchUnit") && !e.is("org.freedesktop.systemd1.LoadFailed")) {
                throw new ApiException(500, "systemd", "Cannot restart " + unit, e.name() + ": " + e.getMessage());
            }
        }
    }

    private interface Change {
        void apply(Resolve1Manager m);
    }

    private void call(Change change) {
        if (!hasOwner(Resolve1Manager.SERVICE)) {
            throw ApiException.unavailable("systemd-resolved", "systemd-resolved is not running (no owner of "
                    + Resolve1Manager.SERVICE + " on the system bus); start it and try again");
        }
        try {
            bus.call(conn -> {
                change.apply(conn.getRemoteObject(Resolve1Manager.SERVICE, Resolve1Manager.PATH,
                        Resolve1Manager.class));
                return null;
            });
        } catch (BusError e) {
            if (e.is("org.freedesktop.DBus.Error.ServiceUnknown") || e.is("org.freedesktop.DBus.Error.NameHasNoOwner")) {
                throw ApiException.unavailable("systemd-resolved", "systemd-resolved does not answer on the system "
                        + "bus (" + e.name() + "); start it (systemctl start systemd-resolved) and try again");
            }
            throw new ApiException(500, "resolved", "systemd-resolved refused the change", e.name() + ": "
                    + e.getMessage());
        }
    }

    /** {@code (iiay)}: ifindex, family, address bytes. */
    static Optional<Server> server(Object e) {
        Object[] parts = parts(e);
        if (parts == null || parts.length < 3) {
            return Optional.empty();
        }
        byte[] bytes = bytes(parts[2]);
        if (bytes == null || (bytes.length != 4 && bytes.length != 16)) {
            return Optional.empty();
        }
        return Optional.of(new Server(((Number) parts[0]).intValue(), Addresses.ip(bytes)));
    }

    static Object[] parts(Object e) {
        if (e instanceof Object[] a) {
            return a;
        }
        if (e instanceof List<?> l) {
            return l.toArray();
        }
        if (e instanceof Struct s) {
            return s.getParameters();
        }
        return null;
    }

    static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        Object[] parts = parts(v);
        if (parts == null) {
            return null;
        }
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!(parts[i] instanceof Number n)) {
                return null;
            }
            b[i] = n.byteValue();
        }
        return b;
    }

    private static void each(Object v, java.util.function.Consumer<Object> action) {
        if (v instanceof List<?> l) {
            l.forEach(action);
        } else if (v instanceof Object[] a) {
            for (Object o : a) {
                action.accept(o);
            }
        }
    }
}
