package dev.gantry.agent.events;

import dev.gantry.agent.backend.netlink.NetlinkMonitor;
import dev.gantry.agent.backend.netlink.Rtnl;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtnetlink's link, address and route notifications, and the ifindex → name table the other sources
 * name their links by. A removed link's name is kept (indexes are not reused soon), so networkd's
 * last signals about a link that just went still name it.
 */
final class NetlinkSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkSource.class);

    private final Rtnl rtnl;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private NetlinkMonitor monitor;

    NetlinkSource(Rtnl rtnl) {
        this.rtnl = rtnl;
    }

    /** Subscribes (before reading the names, so no link is missed in between), then reads every link's name. */
    void start(Consumer<NetworkEvent> sink) {
        monitor = NetlinkMonitor.start(rtnl.names(), List.of(event -> deliver(event, sink)));
        refresh();
    }

    private void deliver(NetlinkMonitor.Event event, Consumer<NetworkEvent> sink) {
        switch (event) {
            case NetlinkMonitor.LinkEvent e -> {
                if (e.link().name() != null) {
                    names.put(e.link().index(), e.link().name());
                }
                sink.accept(new NetworkEvent.LinkChange(e.removed(), e.link()));
            }
            case NetlinkMonitor.AddressEvent e -> sink.accept(new NetworkEvent.AddressChange(e.removed(), e.address()));
            case NetlinkMonitor.RouteEvent e -> sink.accept(new NetworkEvent.RouteChange(e.removed(), e.route()));
            case NetlinkMonitor.Overflow o -> {
                LOG.warn("the kernel dropped rtnetlink notifications; link names read again");
                refresh();
            }
        }
    }

    private void refresh() {
        try {
            names.putAll(rtnl.linkNames());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the link names: {}", e.toString());
        }
    }

    /**
     * The name of link {@code ifindex}: from the table, else from a fresh dump (a link whose
     * notification is still queued behind the caller's event).
     */
    Optional<String> name(int ifindex) {
        String name = names.get(ifindex);
        if (name == null) {
            refresh();
            name = names.get(ifindex);
        }
        return Optional.ofNullable(name).filter(n -> !n.isEmpty());
    }

    /** The running monitor, for other listeners of the same notifications (policy routing). */
    NetlinkMonitor monitor() {
        return monitor;
    }

    /** The ifindex of the link named {@code name}. */
    Optional<Integer> index(String name) {
        for (var e : names.entrySet()) {
            if (e.getValue().equals(name)) {
                return Optional.of(e.getKey());
            }
        }
        return rtnl.link(name).map(dev.gantry.agent.backend.netlink.Link::index);
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
    }
}
