package dev.gantry.agent.events;

import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.netlink.Route;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.dbus.hostname.Hostnamed;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.events.dhcp.DhcpNames;
import dev.gantry.agent.events.dhcp.DhcpNamesSettings;
import dev.gantry.agent.events.policy.PolicyRouting;
import dev.gantry.agent.events.policy.PolicyRoutingSettings;
import dev.gantry.common.events.EventBus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network event broker: every event from the sources is told to the listeners, published (bus and
 * history), and, for a watched link, its scripts are queued. Events of one link are handled one at a
 * time in arrival order, each running its directories' scripts in lexical order; links run in parallel.
 *
 * <p>A networkd signal runs {@code <value>.d} once for each distinct known value among the properties it
 * changed, in the order of {@link ScriptDirectories#STATES} (AdministrativeState, CarrierState,
 * OperationalState, the address states, OnlineState); each run sees every property the signal changed.
 *
 * <p>Thread-safe: sources call {@link #accept} from their own threads.
 */
public final class NetworkEventBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkEventBroker.class);
    private static final String MANAGER_KEY = "\0manager";
    /** How long a link's scripts wait for networkd's Describe (it answers within milliseconds when it is up). */
    static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(5);
    /** Where the script directories are. */
    public static final Path SCRIPTS = Path.of("/etc/gantry/events");

    private final EventsConfig config;
    private final ScriptDirectories directories;
    private final ScriptRunner runner;
    private final NetworkHistory history;
    private final LinkFacts facts;
    private final DescribeAhead describeAhead;
    private final SerialExecutor executor = new SerialExecutor();
    private final List<NetworkEventListener> listeners = new CopyOnWriteArrayList<>();
    /** Each link's last known networkd properties, so a script sees AdministrativeState with an OperationalState change. */
    private final Map<Integer, Map<String, String>> known = new ConcurrentHashMap<>();
    private final List<AutoCloseable> sources = new CopyOnWriteArrayList<>();
    private volatile PolicyRouting policyRouting = PolicyRouting.off();

    NetworkEventBroker(EventsConfig config, ScriptDirectories directories, ScriptRunner runner, NetworkHistory history,
                       LinkFacts facts) {
        this.config = config;
        this.directories = directories;
        this.runner = runner;
        this.history = history;
        this.facts = facts;
        this.describeAhead = new DescribeAhead(facts);
    }

    /**
     * The broker for this host, not started: {@link #start} subscribes to the sources. {@code root} holds
     * the script directories.
     */
    public static NetworkEventBroker create(EventsConfig config, EventBus bus, SystemBus systemBus, Rtnl rtnl,
                                            Path root) {
        NetworkEventBroker broker = new NetworkEventBroker(config, new ScriptDirectories(root, 0),
                new ScriptRunner(config.scriptTimeout()), new NetworkHistory(bus), new HostLinkFacts(rtnl, systemBus));
        broker.host = new Host(systemBus, rtnl);
        return broker;
    }

    /** The host's backends the sources read; null for a broker fed by tests. */
    private record Host(SystemBus systemBus, Rtnl rtnl) {
    }

    private Host host;

    /**
     * Creates the script directories, subscribes to rtnetlink and (per {@code Generator}) networkd's
     * signals and the dhclient lease files, then replays the current state when {@code ReplayOnStart}.
     * A source that cannot start is logged and left out; the others run.
     */
    public void start() {
        createDirectories();
        NetlinkSource netlink = new NetlinkSource(host.rtnl());
        try {
            netlink.start(this::accept);
            sources.add(netlink);
            policyRouting = PolicyRouting.start(new PolicyRoutingSettings(config.routingPolicyRules()), host.rtnl(),
                    netlink.monitor());
        } catch (RuntimeException e) {
            LOG.error("cannot subscribe to rtnetlink: no link, address or route events", e);
        }
        if (config.uses(EventsConfig.Generator.SYSTEMD_NETWORKD)) {
            NetworkdSource networkd = new NetworkdSource(host.systemBus(), netlink::name, this::accept);
            // Off the start path: connecting to a bus that is not there takes its timeout, twice.
            Thread.ofVirtual().name("networkd-subscribe").start(() -> {
                networkd.start();
                if (config.replayOnStart()) {
                    networkd.replay(host.rtnl().linkNames().keySet());
                }
            });
        }
        if (config.uses(EventsConfig.Generator.DHCLIENT)) {
            DhcpNames names = new DhcpNames(new DhcpNamesSettings(config.useDns(), config.useDomain(),
                    config.useHostname(), config.domainsRouteOnly()), new Resolved(host.systemBus()),
                    new Hostnamed(host.systemBus()));
            addListener(names);
            sources.add(names);
            DhclientSource dhclient = new DhclientSource(config.leaseFiles(), netlink::index, this::accept);
            try {
                dhclient.start(config.replayOnStart());
                sources.add(dhclient);
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot watch the dhclient lease files: no dhclient events", e);
            }
        }
    }

    public EventsConfig config() {
        return config;
    }

    /** Adds a listener told of every event from now on. */
    public void addListener(NetworkEventListener listener) {
        listeners.add(listener);
    }

    /** Takes one event from a source. */
    void accept(NetworkEvent event) {
        long received = System.nanoTime();
        for (NetworkEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a network event listener failed on {}", event.kind(), e);
            }
        }
        long id = history.publish(NetworkEvents.data(event, ifindex(event)));
        switch (event) {
            case NetworkEvent.LinkState s -> linkState(s, id, received);
            case NetworkEvent.ManagerState m -> queue(MANAGER_KEY, null, null, id, List.of(
                    new Run(ScriptDirectories.MANAGER, "", ScriptEnvironment.manager(m))));
            case NetworkEvent.RouteChange r -> route(r, id);
            case NetworkEvent.Lease l -> {
                if (config.watches(l.name())) {
                    queue(l.name(), l.name(), l.ifindex(), id, List.of(new Run("routable", "routable",
                            ScriptEnvironment.lease(l, facts.addresses(l.ifindex())))));
                }
            }
            case NetworkEvent.LinkChange c -> {
                if (c.removed()) {
                    known.remove(c.value().index());
                    facts.forget(c.value().index());
                    describeAhead.forget(c.value().index());
                } else {
                    kernelChanged(c.value().index(), c.value().name());
                }
            }
            case NetworkEvent.AddressChange a -> kernelChanged(a.address().index(), a.address().device());
        }
    }

    /** A watched link changed in the kernel: networkd's signal about it is likely on its way. */
    private void kernelChanged(int ifindex, String name) {
        if (name != null && config.emitJson() && config.uses(EventsConfig.Generator.SYSTEMD_NETWORKD)
                && config.watches(name)) {
            describeAhead.kernelChanged(ifindex);
        }
    }

    private static Integer ifindex(NetworkEvent event) {
        return switch (event) {
            case NetworkEvent.LinkState s -> s.ifindex();
            case NetworkEvent.ManagerState m -> null;
            case NetworkEvent.LinkChange c -> c.value().index();
            case NetworkEvent.AddressChange a -> a.address().index();
            case NetworkEvent.RouteChange r -> r.route().oif();
            case NetworkEvent.Lease l -> l.ifindex();
        };
    }

    private void linkState(NetworkEvent.LinkState s, long id, long received) {
        Map<String, String> snapshot = new LinkedHashMap<>(known.getOrDefault(s.ifindex(), Map.of()));
        snapshot.putAll(s.changed());
        known.put(s.ifindex(), Map.copyOf(snapshot));
        if (!config.watches(s.name())) {
            return;
        }
        Set<String> states = new LinkedHashSet<>();
        for (String property : ScriptDirectories.STATES.keySet()) {
            String value = s.changed().get(property);
            if (value != null && ScriptDirectories.known(value)) {
                states.add(value);
            }
        }
        s.changed().entrySet().stream().filter(e -> !ScriptDirectories.STATES.containsKey(e.getKey()))
                .map(Map.Entry::getValue).filter(ScriptDirectories::known).sorted().forEach(states::add);
        if (states.isEmpty()) {
            return;
        }
        Map<String, String> now = Map.copyOf(snapshot);
        executor.submitOrWarn(s.name(), () -> {
            long began = System.nanoTime();
            // Read when handled, not when queued: scripts see the link as it is when they run. networkd's
            // Describe is the slow one (a bus round trip to a daemon that is busy with the same change), so
            // it was asked for when the kernel reported the change (DescribeAhead) or is asked for first,
            // and the addresses, the lease and the directories are read while networkd answers.
            CompletableFuture<Optional<String>> describe = config.emitJson()
                    ? describeAhead.forSignal(s.ifindex(), s.changed())
                    : CompletableFuture.completedFuture(Optional.empty());
            ScriptEnvironment.Addresses addresses = facts.addresses(s.ifindex());
            Optional<String> lease = facts.networkdLease(s.ifindex());
            Map<String, List<ScriptDirectories.Candidate>> scripts = new LinkedHashMap<>();
            states.forEach(state -> scripts.put(state, directories.scripts(state)));
            Optional<String> json = await(describe, s.name());
            long factsRead = System.nanoTime();
            long firstStarted = 0;
            for (String state : states) {
                long started = runDirectory(new Run(state, state, ScriptEnvironment.linkState(s, state, now, addresses,
                        lease, json)), scripts.get(state), s.name(), s.ifindex(), id);
                firstStarted = firstStarted == 0 ? started : firstStarted;
            }
            if (LOG.isDebugEnabled() && firstStarted != 0) {
                LOG.debug("latency of event {} of {} {}: received at {} µs since the epoch; handling began +{} µs, "
                        + "link facts read +{} µs, first script started +{} µs", id, s.name(), states,
                        epochMicros(received), (began - received) / 1000, (factsRead - received) / 1000,
                        (firstStarted - received) / 1000);
            }
        });
    }

    private void route(NetworkEvent.RouteChange r, long id) {
        Route route = r.route();
        if (route.device() == null || route.oif() == null || !config.watches(route.device())) {
            return;
        }
        queue(route.device(), route.device(), route.oif(), id, List.of(new Run(ScriptDirectories.ROUTES, "",
                ScriptEnvironment.route(r, route.oif(), ScriptEnvironment.Addresses.NONE))));
    }

    /** One directory to run with its environment. */
    private record Run(String directory, String state, Map<String, String> environment) {
    }

    private void queue(String key, String link, Integer ifindex, long trigger, List<Run> runs) {
        executor.submitOrWarn(key, () -> runs.forEach(run ->
                runDirectory(run, directories.scripts(run.directory()), link, ifindex, trigger)));
    }

    /** networkd's Describe, or empty (and logged) when it does not answer within {@link #DESCRIBE_TIMEOUT}. */
    private static Optional<String> await(CompletableFuture<Optional<String>> describe, String link) {
        try {
            return describe.get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: networkd did not describe the link within {} s; the scripts run without JSON", link,
                    DESCRIBE_TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            LOG.debug("{}: no Describe: {}", link, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** Microseconds since the epoch at {@code nanos} ({@link System#nanoTime()}), for the latency log line. */
    private static long epochMicros(long nanos) {
        java.time.Instant now = java.time.Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        return nowMicros - (System.nanoTime() - nanos) / 1000;
    }

    /** Runs a directory's scripts; answers when its first script was started (0 when none was). */
    private long runDirectory(Run run, List<ScriptDirectories.Candidate> scripts, String link, Integer ifindex,
                              long trigger) {
        long firstStarted = 0;
        for (ScriptDirectories.Candidate c : scripts) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("script", c.name());
            detail.put("state", run.state());
            detail.put("trigger", trigger);
            if (c.refusal().isPresent()) {
                LOG.warn("{}: skipped: {}", c.name(), c.refusal().get());
                detail.put("result", "skipped");
                detail.put("reason", c.refusal().get());
            } else {
                Map<String, String> env = new LinkedHashMap<>(run.environment());
                env.put("GANTRY_EVENT_ID", Long.toString(trigger));
                ScriptRunner.Outcome outcome = runner.run(c.name(), c.path(), env);
                firstStarted = firstStarted == 0 ? outcome.startedNanos() : firstStarted;
                detail.put("result", outcome.result());
                detail.put("exitCode", outcome.exitCode());
                detail.put("durationMillis", outcome.duration().toMillis());
                if (outcome.detail() != null) {
                    detail.put("reason", outcome.detail());
                }
            }
            history.publish(new NetworkEventEntry.Data("script", link, ifindex, detail));
        }
        return firstStarted;
    }

    /** The script directories, created if missing. */
    void createDirectories() {
        directories.createAll();
    }

    /** The history behind {@code GET /network/events}. */
    List<NetworkEventEntry> history(Optional<String> link, Optional<String> kind, int limit) {
        return history.list(link, kind, limit);
    }

    /** What {@code RoutingPolicyRules} keeps (off when rtnetlink could not be subscribed to). */
    public PolicyRouting policyRouting() {
        return policyRouting;
    }

    /** Runs no new scripts; waits a little for the running ones. */
    @Override
    public void close() {
        policyRouting.close();
        for (AutoCloseable source : sources) {
            try {
                source.close();
            } catch (Exception e) {
                LOG.debug("closing an event source: {}", e.toString());
            }
        }
        executor.close(Duration.ofSeconds(2));
    }
}
