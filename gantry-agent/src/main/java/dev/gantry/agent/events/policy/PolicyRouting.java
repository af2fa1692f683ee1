package dev.gantry.agent.events.policy;

import dev.gantry.agent.backend.netlink.Link;
import dev.gantry.agent.backend.netlink.NetlinkException;
import dev.gantry.agent.backend.netlink.NetlinkMonitor;
import dev.gantry.agent.backend.netlink.Rtnl;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-link routing tables and from/to rules for the links in {@code RoutingPolicyRules=}, so that
 * traffic that arrives on a secondary interface in the primary's subnet leaves through it.
 * What is kept is described in {@link PolicyPlan}; how ours is told apart in {@link KernelPolicy}.
 *
 * <p>Level-triggered: a netlink event that concerns a managed link (its link, address or main-table
 * route events; any default-route change; the removal of a link whose table we keep; an overflow)
 * only marks the state dirty, and one thread then dumps the kernel and reconciles — adds what the
 * plan has and the kernel lacks, removes ours the plan no longer has. Bursts of events coalesce into
 * one pass, a pass at start repairs whatever happened while the agent was stopped, and running it
 * again changes nothing, so restarts never duplicate. Start and stop are the broker's; thread-safe.
 */
public final class PolicyRouting implements AutoCloseable {
    private static final Logger LOG = System.getLogger(PolicyRouting.class.getName());

    private final PolicyRoutingSettings settings;
    private final Rtnl rtnl;
    private final KernelPolicy kernel;
    private final NetlinkMonitor monitor;
    private final NetlinkMonitor.Listener listener = this::onEvent;
    private final BlockingQueue<Boolean> dirty = new ArrayBlockingQueue<>(1);
    /** Indexes of the managed links at the last pass: their address and route events concern us. */
    private final Set<Integer> knownIndexes = ConcurrentHashMap.newKeySet();
    private final Thread worker;
    private volatile boolean closed;

    private PolicyRouting(PolicyRoutingSettings settings, Rtnl rtnl, NetlinkMonitor monitor) {
        this.settings = settings;
        this.rtnl = rtnl;
        this.kernel = new KernelPolicy(rtnl);
        this.monitor = monitor;
        this.worker = new Thread(this::run, "policy-routing");
        this.worker.setDaemon(true);
    }

    /**
     * Listens on {@code monitor} (shared: closing this does not close it) and reconciles at once, on a
     * platform thread created by the caller, so it works in the caller's network namespace as the
     * monitor does. With {@code settings} off nothing starts and the kernel is not touched: leftovers
     * of an earlier configuration are then removed only by a later start with some link configured.
     */
    public static PolicyRouting start(PolicyRoutingSettings settings, Rtnl rtnl, NetlinkMonitor monitor) {
        PolicyRouting p = new PolicyRouting(settings, rtnl, settings.enabled() ? monitor : null);
        if (p.monitor != null) {
            // Listen before the first pass, so that nothing between the pass's dumps and the listener is lost.
            p.monitor.addListener(p.listener);
            p.markDirty();
            p.worker.start();
        }
        return p;
    }

    /** Policy routing off: nothing runs, the list is empty. */
    public static PolicyRouting off() {
        return new PolicyRouting(PolicyRoutingSettings.off(), null, null);
    }

    public PolicyRoutingSettings settings() {
        return settings;
    }

    private void onEvent(NetlinkMonitor.Event event) {
        boolean concerns = switch (event) {
            case NetlinkMonitor.LinkEvent e -> managed(e.link().name()) || knownIndexes.contains(e.link().index());
            case NetlinkMonitor.AddressEvent e -> knownIndexes.contains(e.address().index())
                    || managed(e.address().device());
            // Main-table changes, and a route of ours that someone else removed (networkd's
            // ManageForeignRoutes at its start): the pass that follows our own removal changes nothing,
            // so that does not loop. Rule changes are not in the monitor's groups: see the docs.
            case NetlinkMonitor.RouteEvent e -> (e.route().tableId() == 254
                    && ("default".equals(e.route().destination())
                        || (e.route().oif() != null && knownIndexes.contains(e.route().oif()))))
                    || (e.removed() && KernelPolicy.isOurs(e.route()));
            case NetlinkMonitor.Overflow o -> true;
        };
        if (concerns) {
            markDirty();
        }
    }

    private boolean managed(String name) {
        return name != null && settings.links().contains(name);
    }

    private void markDirty() {
        dirty.offer(Boolean.TRUE);
    }

    private void run() {
        while (!closed) {
            try {
                dirty.take();
                if (!closed) {
                    reconcile();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A failed dump (netlink busy, a race with a vanishing link) is retried at the next event.
                LOG.log(Level.WARNING, "policy routing: reconcile failed: " + e.getMessage(), e);
            }
        }
    }

    /** One pass: the changes made, for the log and for tests. */
    List<String> reconcile() {
        List<Link> links = rtnl.links();
        Set<PolicyEntry> wanted = PolicyPlan.plan(settings.links(), links, rtnl.addresses(),
                rtnl.routes(Optional.of(254L)));
        knownIndexes.clear();
        links.stream().filter(l -> settings.links().contains(l.name())).forEach(l -> knownIndexes.add(l.index()));
        Set<PolicyEntry> present = kernel.current();
        List<String> changes = new ArrayList<>();
        // Defaults go before the connected routes their gateways depend on, and come after them.
        List<PolicyEntry> removals = present.stream().filter(e -> !wanted.contains(e))
                .sorted(Comparator.comparing(PolicyRouting::isConnected)).toList();
        for (PolicyEntry e : removals) {
            apply(false, e, changes);
        }
        List<PolicyEntry> additions = wanted.stream().filter(e -> !present.contains(e))
                .sorted(Comparator.comparing(e -> !isConnected(e))).toList();
        for (PolicyEntry e : additions) {
            apply(true, e, changes);
        }
        if (!changes.isEmpty()) {
            LOG.log(Level.INFO, "policy routing: " + String.join("; ", changes));
        }
        return changes;
    }

    private static boolean isConnected(PolicyEntry e) {
        return e instanceof PolicyEntry.TableRoute r && r.gateway() == null && !r.destination().equals("default");
    }

    private void apply(boolean add, PolicyEntry e, List<String> changes) {
        try {
            if (add) {
                kernel.add(e);
            } else {
                kernel.remove(e);
            }
            changes.add((add ? "added " : "removed ") + describe(e));
        } catch (NetlinkException ex) {
            // EEXIST/ESRCH/ENOENT: a race with the kernel (its own flush on link down) or another writer.
            if (ex.errno() != NetlinkException.EEXIST && ex.errno() != NetlinkException.ESRCH
                    && ex.errno() != NetlinkException.ENOENT && ex.errno() != NetlinkException.ENODEV) {
                LOG.log(Level.WARNING, "policy routing: cannot " + (add ? "add " : "remove ") + describe(e)
                        + ": " + ex.getMessage());
            }
        }
    }

    static String describe(PolicyEntry e) {
        return switch (e) {
            case PolicyEntry.TableRoute r -> r.destination() + (r.gateway() == null ? "" : " via " + r.gateway())
                    + " dev #" + r.oif() + " table " + r.table();
            case PolicyEntry.AddressRule r -> (r.from() ? "from " : "to ") + r.address() + " lookup " + r.table()
                    + " pref " + r.priority();
        };
    }

    /** What is kept now, per managed link (also links that are absent), then leftovers of ours. */
    public List<PolicyRoutes> snapshot() {
        if (monitor == null) {
            return List.of();
        }
        Map<Integer, String> names = rtnl.linkNames();
        Set<PolicyEntry> present = kernel.current();
        List<PolicyRoutes> out = new ArrayList<>();
        Set<Long> shown = new LinkedHashSet<>();
        for (String name : settings.links()) {
            Optional<Integer> index = names.entrySet().stream().filter(n -> n.getValue().equals(name))
                    .map(Map.Entry::getKey).findFirst();
            Long table = index.map(i -> PolicyPlan.table(i)).orElse(null);
            if (table != null) {
                shown.add(table);
            }
            out.add(PolicyRoutes.of(name, index.orElse(null), table, true,
                    table == null ? List.of() : KernelPolicy.ofTable(present, table)));
        }
        present.stream().map(PolicyEntry::table).filter(t -> !shown.contains(t)).distinct().sorted()
                .forEach(t -> {
                    int index = (int) (t - PolicyPlan.TABLE_BASE);
                    out.add(PolicyRoutes.of(names.get(index), index, t, false, KernelPolicy.ofTable(present, t)));
                });
        return out;
    }

    /** Stops listening and ends the worker; what is in the kernel stays (it is right until the next start). */
    @Override
    public void close() {
        closed = true;
        if (monitor == null) {
            return;
        }
        monitor.removeListener(listener);
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
