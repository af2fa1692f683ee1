package dev.gantry.agent.backend.dbus.resolve;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The methods of {@code org.freedesktop.resolve1.Manager} that gantryd calls (systemd-resolved). */
@DBusInterfaceName(Resolve1Manager.INTERFACE)
@SuppressWarnings("checkstyle:MethodName")
public interface Resolve1Manager extends DBusInterface {
    String SERVICE = "org.freedesktop.resolve1";
    String INTERFACE = "org.freedesktop.resolve1.Manager";
    String PATH = "/org/freedesktop/resolve1";

    /** {@code SetLinkDNS(i ifindex, a(iay) addresses)}: the link's DNS servers, replacing its current ones. */
    void SetLinkDNS(int ifindex, List<Server> addresses);

    /** {@code SetLinkDomains(i ifindex, a(sb) domains)}: search (false) or routing-only (true) domains. */
    void SetLinkDomains(int ifindex, List<Domain> domains);

    /** Drops every runtime setting of the link (servers, domains, ...) made over the bus. */
    void RevertLink(int ifindex);

    /** {@code (iay)}: an address family (2 or 10) and the address's bytes. */
    final class Server extends Struct {
        @Position(0)
        public final int family;
        @Position(1)
        public final byte[] address;

        public Server(int family, byte[] address) {
            this.family = family;
            this.address = address;
        }
    }

    /** {@code (sb)}: a domain and whether it only routes queries (the {@code ~} of resolved.conf). */
    final class Domain extends Struct {
        @Position(0)
        public final String domain;
        @Position(1)
        public final boolean routeOnly;

        public Domain(String domain, boolean routeOnly) {
            this.domain = domain;
            this.routeOnly = routeOnly;
        }
    }
}
