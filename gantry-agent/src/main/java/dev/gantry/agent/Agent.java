package dev.gantry.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.accounts.AccountsModule;
import dev.gantry.agent.agent.AgentModule;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.dbus.systemd.Systemd;
import dev.gantry.agent.backend.host.HostFacts;
import dev.gantry.agent.backend.netlink.Ethtool;
import dev.gantry.agent.backend.netlink.NftRuleCounters;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.nft.Nft;
import dev.gantry.agent.backend.packages.PackageManagers;
import dev.gantry.agent.backend.procfs.RatesSampler;
import dev.gantry.agent.backend.sysctl.Sysctl;
import dev.gantry.agent.backend.sysctl.SysctlFiles;
import dev.gantry.agent.ethtool.EthtoolModule;
import dev.gantry.agent.events.EventsModule;
import dev.gantry.agent.events.NetworkEventBroker;
import dev.gantry.agent.firewall.FirewallModule;
import dev.gantry.agent.jobs.JobsModule;
import dev.gantry.agent.machines.MachinesModule;
import dev.gantry.agent.metrics.AgentMetrics;
import dev.gantry.agent.metrics.MetricsModule;
import dev.gantry.agent.network.NetworkModule;
import dev.gantry.agent.packages.PackagesModule;
import dev.gantry.agent.proc.ProcModule;
import dev.gantry.agent.sysctl.SysctlModule;
import dev.gantry.agent.system.SystemModule;
import dev.gantry.agent.systemd.SystemdModule;
import dev.gantry.agent.tokens.TokenStore;
import dev.gantry.agent.tokens.TokensModule;
import dev.gantry.common.auth.BearerAuthenticator;
import dev.gantry.common.auth.UnixPeerAuthenticator;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiServer;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.ListenerInfo;
import dev.gantry.common.http.ListenerSpec;
import dev.gantry.common.http.Routes;
import dev.gantry.common.jobs.FileJobStore;
import dev.gantry.common.jobs.JobManager;
import dev.gantry.common.openapi.OpenApiWriter;
import dev.gantry.common.program.Daemon;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One running gantryd: its services, modules and listeners, wired by hand. {@link #modules} is the one
 * list of modules; adding a module is a package plus a line there.
 */
public final class Agent implements Daemon.Service {
    public static final String BASE_PATH = "/api/v1";
    static final int RETAINED_JOBS = 1000;

    private final ApiServer server;
    private final JobManager jobs;
    private final EventBus bus;
    private final SystemBus systemBus;
    private final AgentMetrics metrics;
    private final RatesSampler rates;
    private final NetworkEventBroker broker;
    private final List<ApiModule> modules;
    /** The modules of {@code gantryd --only}: always with these, which the API itself needs. */
    public static final List<String> CORE_MODULES = List.of("agent", "tokens", "jobs");
    /** The names {@code --only} accepts: every module's {@code name()}. */
    public static final List<String> MODULE_NAMES = List.of("agent", "tokens", "jobs", "events", "systemd", "system",
            "sysctl", "network", "accounts", "proc", "metrics", "firewall", "packages", "machines");

    private Agent(ApiServer server, JobManager jobs, EventBus bus, Backends backends, List<ApiModule> modules) {
        this.server = server;
        this.jobs = jobs;
        this.bus = bus;
        this.systemBus = backends.systemBus();
        this.metrics = backends.metrics();
        this.rates = backends.rates();
        this.broker = backends.broker();
        this.modules = modules;
    }

    /** Starts an agent with {@code config}, keeping its state (tokens, jobs) under {@code stateDir}. */
    public static Agent start(AgentConfig config, Path stateDir, Clock clock) throws Exception {
        // The host's /etc/gantry/events is gantryd's to choose: agents of tests and of the AOT training
        // keep their (empty) script directories under their state, and never touch /etc.
        return start(config, stateDir, clock, Set.of(), stateDir.resolve("events"));
    }

    /**
     * Starts an agent serving only the modules named in {@code only} and {@link #CORE_MODULES} (all
     * modules when {@code only} is empty), e.g. {@code events} for a host that wants just the network
     * event broker, which runs the scripts under {@code eventScripts}.
     */
    public static Agent start(AgentConfig config, Path stateDir, Clock clock, Set<String> only, Path eventScripts)
            throws Exception {
        Instant startedAt = clock.instant();
        EventBus bus = new EventBus(clock);
        JobManager jobs = new JobManager(new FileJobStore(stateDir.resolve("jobs")), bus, clock, RETAINED_JOBS);
        jobs.recover();
        TokenStore tokens = new TokenStore(stateDir.resolve("tokens.json"), clock);
        // Connects on first use: an agent on a host without a system bus still serves the other modules.
        SystemBus systemBus = SystemBus.system();
        AgentMetrics metrics = AgentMetrics.create(clock);
        RatesSampler rates = new RatesSampler(Path.of("/"), clock, config.metrics().ratesInterval(),
                config.metrics().ratesSamples());
        rates.start();
        NetworkEventBroker broker = only.isEmpty() || only.contains("events")
                ? NetworkEventBroker.create(config.events(), bus, systemBus, Rtnl.host(), eventScripts)
                : null;
        Backends backends = new Backends(systemBus, new Systemd(systemBus), Sysctl.host(), metrics, rates, broker);

        AtomicReference<ApiServer> server = new AtomicReference<>();
        List<String> names = new ArrayList<>();
        List<ApiModule> registered = new ArrayList<>();
        Routes routes = new Routes(BASE_PATH);
        Supplier<JsonNode> openApi = OpenApiWriter.onFirstUse("gantryd", Version.current(),
                "The Gantry host agent: one JSON API for this host's systemd, network, firewall, packages and more.",
                registered, routes);
        List<ApiModule> modules = modules(config, startedAt, clock, bus, jobs, tokens, backends, names, server,
                openApi).stream().filter(m -> only.isEmpty() || only.contains(m.name())
                        || CORE_MODULES.contains(m.name())).toList();
        registered.addAll(modules);
        modules.forEach(m -> names.add(m.name()));
        modules.forEach(routes::add);

        Dispatcher dispatcher = new Dispatcher(routes.all(), metrics);
        try {
            server.set(ApiServer.start(dispatcher, listeners(config, tokens)));
        } catch (Exception e) {
            rates.close(); // its sampler thread would outlive an agent that never started
            metrics.close();
            throw e;
        }
        if (broker != null) {
            broker.start(); // once the API is up, so that a gantryd that fails to start never ran a script
        }
        return new Agent(server.get(), jobs, bus, backends, modules);
    }

    private static List<ApiModule> modules(AgentConfig config, Instant startedAt, Clock clock, EventBus bus,
                                           JobManager jobs, TokenStore tokens, Backends backends,
                                           List<String> names,
                                           AtomicReference<ApiServer> server, Supplier<JsonNode> openApi) {
        return List.of(
                new AgentModule(Version.current(), startedAt, clock, config.useAuthentication(),
                        () -> List.copyOf(names), () -> server.get().listeners(), openApi),
                new TokensModule(tokens, clock, () -> new LinkedHashSet<>(names)),
                new JobsModule(jobs),
                backends.broker() == null ? new EventsModule(bus) : new EventsModule(bus, backends.broker()),
                SystemdModule.host(backends.systemd()),
                new SystemModule(backends.systemBus(), HostFacts.host(), clock),
                new SysctlModule(backends.sysctl(), SysctlFiles.host()),
                new NetworkModule(Rtnl.host(), new Networkd(backends.systemBus())),
                new EthtoolModule(new Ethtool(), Rtnl.host()),
                AccountsModule.host(),
                new ProcModule(Path.of("/"), backends.sysctl(), backends.rates()),
                new MetricsModule(backends.metrics()),
                new FirewallModule(Nft.host(), new NftRuleCounters(), FirewallModule.debianRuleset()),
                new PackagesModule(PackageManagers.detect(), jobs),
                MachinesModule.host(backends.systemBus(), backends.systemd()));
    }

    /** The backends modules share: one of each, so that no two modules hold a second bus connection or writer. */
    private record Backends(SystemBus systemBus, Systemd systemd, Sysctl sysctl, AgentMetrics metrics,
                            RatesSampler rates, NetworkEventBroker broker) {
    }

    private static List<ListenerSpec> listeners(AgentConfig config, TokenStore tokens) {
        List<ListenerSpec> specs = new ArrayList<>();
        if (config.listenUnixSocket()) {
            Authenticator peer = config.useAuthentication()
                    ? new UnixPeerAuthenticator(UnixPeerAuthenticator.ADMIN_GROUP, UnixPeerAuthenticator.READER_GROUP)
                    : Authenticator.none();
            specs.add(new ListenerSpec.Unix(config.socketPath(), peer));
        }
        config.listen().ifPresent(address -> {
            Authenticator bearer = config.useAuthentication()
                    ? new BearerAuthenticator(tokens::verify) : Authenticator.none();
            var tls = config.tlsCertificate().map(cert ->
                    new ListenerSpec.TlsFiles(cert, config.tlsKey().orElseThrow(), config.tlsClientCa()));
            specs.add(new ListenerSpec.Tcp(address, tls, bearer));
        });
        return specs;
    }


    public List<ListenerInfo> listeners() {
        return server.listeners();
    }

    public List<String> moduleNames() {
        return modules.stream().map(ApiModule::name).toList();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops: running jobs are recorded as interrupted, event streams end, then the listeners close. */
    @Override
    public void close() throws Exception {
        try {
            if (broker != null) {
                broker.close();
            }
            jobs.close();
            bus.close();
        } finally {
            try {
                server.close();
            } finally {
                try {
                    systemBus.close();
                } finally {
                    rates.close();
                    metrics.close();
                }
            }
        }
    }
}
