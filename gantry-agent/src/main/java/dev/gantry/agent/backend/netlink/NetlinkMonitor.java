package dev.gantry.agent.backend.netlink;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * The kernel's link, address and route notifications (RTMGRP_LINK, IPV4/IPV6_IFADDR, IPV4/IPV6_ROUTE),
 * parsed into the same records the dumps give and delivered to listeners on one thread, in the order
 * the kernel sent them. Device names are resolved from a name table the monitor keeps (a dump at
 * start, then the link events), so an address or route event names its device.
 *
 * <p>If the kernel drops notifications because the listeners fell behind (ENOBUFS), listeners get an
 * {@link Overflow}: what they hold may be stale and they should dump again. A listener that throws is
 * logged and keeps receiving.
 *
 * <p>The socket belongs to the network namespace of the thread that calls {@link #start}. The reading
 * thread comes from the given factory; the default is a platform daemon thread, because a virtual
 * thread blocked in the native recv(2) would pin its carrier for the monitor's whole life (FFM
 * downcalls are not unmounted). {@link #close} stops it within {@link #POLL_MILLIS}.
 */
public final class NetlinkMonitor implements AutoCloseable {
    private static final Logger LOG = System.getLogger(NetlinkMonitor.class.getName());
    static final int POLL_MILLIS = 500;
    static final int GROUPS = Nl.RTMGRP_LINK | Nl.RTMGRP_IPV4_IFADDR | Nl.RTMGRP_IPV6_IFADDR
            | Nl.RTMGRP_IPV4_ROUTE | Nl.RTMGRP_IPV6_ROUTE;

    /** One notification. */
    public sealed interface Event permits LinkEvent, AddressEvent, RouteEvent, Overflow {
    }

    /** A link appeared or changed ({@code removed} false) or went away. */
    public record LinkEvent(boolean removed, Link link) implements Event {
    }

    public record AddressEvent(boolean removed, Address address) implements Event {
    }

    public record RouteEvent(boolean removed, Route route) implements Event {
    }

    /** The kernel dropped notifications: dump again to learn the current state. */
    public record Overflow() implements Event {
    }

    @FunctionalInterface
    public interface Listener {
        void onEvent(Event event);
    }

    private final NetlinkSocket socket;
    private final RtNames names;
    private final Map<Integer, String> linkNames = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private NetlinkMonitor(NetlinkSocket socket, RtNames names, ThreadFactory threads) {
        this.socket = socket;
        this.names = names;
        this.thread = threads.newThread(this::run);
    }

    /** Subscribes in the calling thread's network namespace and starts reading on a platform thread. */
    public static NetlinkMonitor start(RtNames names, List<Listener> listeners) {
        return start(names, listeners, r -> {
            Thread t = new Thread(r, "netlink-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public static NetlinkMonitor start(RtNames names, List<Listener> listeners, ThreadFactory threads) {
        // Subscribe before dumping names, so that no link created in between goes unnamed.
        NetlinkSocket socket = NetlinkSocket.open(GROUPS, POLL_MILLIS);
        NetlinkMonitor monitor = new NetlinkMonitor(socket, names, threads);
        try (NetlinkSocket dump = NetlinkSocket.open(Rtnl.TIMEOUT_MILLIS)) {
            dump.dump(new Message(Nl.RTM_GETLINK, 0).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0),
                    Parsers::link).forEach(l -> {
                        if (l.name() != null) {
                            monitor.linkNames.put(l.index(), l.name());
                        }
                    });
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        monitor.listeners.addAll(listeners);
        monitor.thread.start();
        return monitor;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void run() {
        try {
            while (!closed) {
                int n = socket.receiveNotifications(this::dispatch);
                if (n < 0) {
                    deliver(new Overflow());
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(Level.ERROR, "netlink monitor stopped: " + e.getMessage(), e);
            }
        } finally {
            socket.close();
        }
    }

    private void dispatch(int type, java.lang.foreign.MemorySegment msg) {
        Event event = switch (type) {
            case Nl.RTM_NEWLINK, Nl.RTM_DELLINK -> {
                Link link = Parsers.link(type, msg);
                if (link == null) {
                    yield null;
                }
                boolean removed = type == Nl.RTM_DELLINK;
                if (removed) {
                    linkNames.remove(link.index());
                } else if (link.name() != null) {
                    linkNames.put(link.index(), link.name());
                }
                if (link.masterIndex() != null) {
                    link = link.withMaster(linkNames.get(link.masterIndex()));
                }
                yield new LinkEvent(removed, link);
            }
            case Nl.RTM_NEWADDR, Nl.RTM_DELADDR -> {
                Address a = Parsers.address(type, msg);
                yield a == null ? null : new AddressEvent(type == Nl.RTM_DELADDR, a.withDevice(linkNames.get(a.index())));
            }
            case Nl.RTM_NEWROUTE, Nl.RTM_DELROUTE -> {
                Route r = Parsers.route(type, msg, names);
                yield r == null ? null
                        : new RouteEvent(type == Nl.RTM_DELROUTE, Rtnl.withDevices(List.of(r), linkNames).getFirst());
            }
            default -> null;
        };
        if (event != null) {
            deliver(event);
        }
    }

    private void deliver(Event event) {
        for (Listener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "netlink monitor listener failed: " + e, e);
            }
        }
    }

    /** Stops reading and closes the socket; waits for the reading thread to end. */
    @Override
    public void close() {
        closed = true;
        if (Thread.currentThread() != thread) {
            try {
                thread.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
