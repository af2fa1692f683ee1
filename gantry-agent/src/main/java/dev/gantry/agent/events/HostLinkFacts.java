package dev.gantry.agent.events;

import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.network.Network1Link;
import dev.gantry.agent.backend.dbus.network.Network1Manager;
import dev.gantry.agent.backend.netlink.Address;
import dev.gantry.agent.backend.netlink.Rtnl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LinkFacts} from the host: addresses from rtnetlink, the lease from networkd's state files, Describe over D-Bus. */
final class HostLinkFacts implements LinkFacts {
    private static final Logger LOG = LoggerFactory.getLogger(HostLinkFacts.class);
    static final Path NETWORKD_LEASES = Path.of("/run/systemd/netif/leases");

    private final Rtnl rtnl;
    private final SystemBus bus;

    HostLinkFacts(Rtnl rtnl, SystemBus bus) {
        this.rtnl = rtnl;
        this.bus = bus;
    }

    @Override
    public ScriptEnvironment.Addresses addresses(int ifindex) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (Address a : rtnl.addresses()) {
                if (a.index() == ifindex) {
                    (a.family().equals("inet") ? v4 : v6).add(a.address());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read the addresses of link {}: {}", ifindex, e.toString());
        }
        return new ScriptEnvironment.Addresses(v4, v6);
    }

    @Override
    public Optional<String> networkdLease(int ifindex) {
        try {
            return Optional.of(ScriptEnvironment.networkdLease(Files.readString(NETWORKD_LEASES.resolve(Integer.toString(ifindex)))));
        } catch (IOException e) {
            return Optional.empty(); // no DHCPv4 on this link: the scripts run without DHCP_LEASE
        }
    }

    @Override
    public Optional<String> describe(int ifindex) {
        try {
            return Optional.of(bus.call(conn -> conn.getRemoteObject(Network1Manager.SERVICE, LinkPaths.of(ifindex),
                    Network1Link.class).Describe()));
        } catch (RuntimeException e) {
            LOG.debug("networkd cannot describe link {}: {}", ifindex, e.toString());
            return Optional.empty();
        }
    }
}
