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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LinkFacts} from the host: addresses from rtnetlink, the lease from networkd's state files, Describe over D-Bus. */
final class HostLinkFacts implements LinkFacts {
    private static final Logger LOG = LoggerFactory.getLogger(HostLinkFacts.class);
    static final Path NETWORKD_LEASES = Path.of("/run/systemd/netif/leases");

    private final Rtnl rtnl;
    private final SystemBus bus;
    /**
     * networkd's Link objects, one proxy per link and connection: dbus-java keeps every proxy it makes
     * for the connection's life, so one per event would grow without end (and costs a little each time).
     */
    private final Map<Integer, Network1Link> links = new ConcurrentHashMap<>();

    HostLinkFacts(Rtnl rtnl, SystemBus bus) {
        this.rtnl = rtnl;
        this.bus = bus;
        bus.onConnect(connection -> links.clear());
    }

    @Override
    public ScriptEnvironment.Addresses addresses(int ifindex) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (Address a : rtnl.addresses(ifindex)) {
                (a.family().equals("inet") ? v4 : v6).add(a.address());
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

    /**
     * Sent on the agent's one bus connection; the reply completes the future on dbus-java's reply thread.
     * Without a connection it is empty at once: connecting here would hold up the caller (the rtnetlink
     * thread, for {@link DescribeAhead}) for the connect timeout, and networkd's signals come only over a
     * connection anyway.
     */
    @Override
    public CompletableFuture<Optional<String>> describe(int ifindex) {
        CompletableFuture<Optional<String>> answer = new CompletableFuture<>();
        if (!bus.connected()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        try {
            bus.call(conn -> {
                Network1Link link = links.get(ifindex);
                if (link == null) {
                    link = conn.getRemoteObject(Network1Manager.SERVICE, LinkPaths.of(ifindex), Network1Link.class);
                    links.put(ifindex, link);
                }
                conn.callWithCallback(link, "Describe", new CallbackHandler<String>() {
                    @Override
                    public void handle(String json) {
                        answer.complete(Optional.ofNullable(json));
                    }

                    @Override
                    public void handleError(DBusExecutionException e) {
                        LOG.debug("networkd cannot describe link {}: {}", ifindex, e.toString());
                        answer.complete(Optional.empty());
                    }
                });
                return null;
            });
        } catch (RuntimeException e) {
            links.remove(ifindex); // perhaps made on a connection that has just been replaced
            LOG.debug("cannot ask networkd to describe link {}: {}", ifindex, e.toString());
            answer.complete(Optional.empty());
        }
        return answer;
    }

    @Override
    public void forget(int ifindex) {
        links.remove(ifindex);
    }
}
