package dev.gantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiServer;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.ListenerInfo;
import dev.gantry.common.http.ListenerSpec;
import dev.gantry.common.http.Routes;
import dev.gantry.common.openapi.OpenApiWriter;
import dev.gantry.common.program.Daemon;
import dev.gantry.server.auth.ApiTokens;
import dev.gantry.server.auth.TokenIdentity;
import dev.gantry.server.auth.TokensModule;
import dev.gantry.server.clusters.ClusterDirectory;
import dev.gantry.server.clusters.Clusters;
import dev.gantry.server.clusters.ClustersModule;
import dev.gantry.server.db.Database;
import dev.gantry.server.inventory.Crawler;
import dev.gantry.server.inventory.CrawlerModule;
import dev.gantry.server.inventory.browse.BrowseModule;
import dev.gantry.server.jobs.JobHandler;
import dev.gantry.server.jobs.JobKinds;
import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.jobs.JobWorkers;
import dev.gantry.server.jobs.JobsModule;
import dev.gantry.server.placement.Placement;
import dev.gantry.server.placement.PlacementModule;
import dev.gantry.server.power.PowerDriver;
import dev.gantry.server.power.PowerModule;
import dev.gantry.server.power.PowerService;
import dev.gantry.server.providers.gantry.GantryPowerDriver;
import dev.gantry.server.providers.gantry.GantrySource;
import dev.gantry.server.providers.proxmox.ProxmoxPowerDriver;
import dev.gantry.server.providers.proxmox.ProxmoxSource;
import dev.gantry.server.keys.DataKeys;
import dev.gantry.server.keys.MasterKey;
import dev.gantry.server.keys.MasterKeys;
import dev.gantry.server.keys.PassphraseReader;
import dev.gantry.server.resources.ResourceTypes;
import dev.gantry.server.tenants.Tenants;
import dev.gantry.server.tenants.TenantsModule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One running gantry-server replica: its database, modules and listener, wired by hand.
 * {@link #modules} is the one list of API modules; adding one is a package plus a line there.
 */
public final class Server implements Daemon.Service {
    public static final String BASE_PATH = "/api/v1";

    private final ApiServer http;
    private final Database database;
    private final EventBus bus;
    private final List<ApiModule> modules;
    private final Path adminFile;
    private final JobWorkers workers;
    private final ClusterDirectory clusters;

    private Server(ApiServer http, Database database, EventBus bus, List<ApiModule> modules, Path adminFile,
                   JobWorkers workers, ClusterDirectory clusters) {
        this.clusters = clusters;
        this.http = http;
        this.database = database;
        this.bus = bus;
        this.modules = modules;
        this.adminFile = adminFile;
        this.workers = workers;
    }

    /**
     * Opens the database (starting the embedded PostgreSQL when no Url is configured, and migrating
     * it), starts the modules and the listener, and writes the admin token file under {@code stateDir}.
     */
    public static Server start(ServerConfig config, Path stateDir, Clock clock) throws Exception {
        return start(config, stateDir, clock, (ServerContext context) -> TokenIdentity.create(config.auth(),
                new ApiTokens(context.jdbi(), clock), clock));
    }

    /** A server that knows callers only as {@code identity} says (tests; {@link ServerIdentity#placeholder()}). */
    public static Server start(ServerConfig config, Path stateDir, Clock clock, ServerIdentity identity)
            throws Exception {
        return start(config, stateDir, clock, (ServerContext context) -> identity);
    }

    private static Server start(ServerConfig config, Path stateDir, Clock clock,
                                Function<ServerContext, ServerIdentity> identity) throws Exception {
        Database database = Database.open(config.database(), stateDir);
        try {
            return start(config, database, stateDir, clock, identity);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    private static Server start(ServerConfig config, Database database, Path stateDir, Clock clock,
                                Function<ServerContext, ServerIdentity> identity) throws Exception {
        EventBus bus = new EventBus(clock);
        JobQueue jobs = new JobQueue(database.jdbi(), config.jobs(), clock);
        // Before anything listens: a missing or wrong master key must stop the start (KeyException).
        MasterKey master = MasterKeys.open(config.keys(), stateDir, database.jdbi(), clock,
                PassphraseReader.standard(config.keys().passphraseFile(), PassphraseReader.VARIABLE, System.getenv(),
                        Optional.ofNullable(System.console())));
        DataKeys keys = new DataKeys(master);
        ServerContext context = new ServerContext(config, database, clock, bus, jobs, keys,
                new Clusters(database.jdbi(), keys, clock));
        Routes routes = new Routes(BASE_PATH);
        List<ApiModule> registered = new ArrayList<>();
        Supplier<JsonNode> openApi = OpenApiWriter.onFirstUse("gantry-server", Version.current(),
                "The Gantry control plane: tenants, their resources and the jobs that make them.",
                registered, routes);
        List<ApiModule> modules = modules(context, openApi);
        registered.addAll(modules);
        modules.forEach(routes::add);

        AdminToken adminToken = AdminToken.random();
        ListenerSpec.Tcp listener = new ListenerSpec.Tcp(config.listen(), Optional.empty(),
                new ServerAuthenticator(adminToken, identity.apply(context)));
        ApiServer http = ApiServer.start(new Dispatcher(routes.all()), List.of(listener));
        Path adminFile;
        try {
            adminFile = adminToken.write(stateDir, bound(http, config.listen()));
        } catch (Exception e) {
            http.close();
            throw e;
        }
        JobWorkers workers = JobWorkers.start(jobs, jobHandlers(modules), config.jobs(), clock, workerName());
        return new Server(http, database, bus, modules, adminFile, workers, context.clusters());
    }

    /** THE list of the server's API modules. */
    private static List<ApiModule> modules(ServerContext context, Supplier<JsonNode> openApi) {
        Tenants tenants = new Tenants(context.jdbi(), context.clock());
        Placement placement = new Placement(context.jdbi(), context.clusters());
        List<PowerDriver> powerDrivers = List.of(
                new ProxmoxPowerDriver(context.config().inventory().callTimeout(), context.clock()),
                new GantryPowerDriver(GantryPowerDriver.CALL_TIMEOUT));
        List<ApiModule> modules = new ArrayList<>(List.of(
                new ServerModule(context.database(), openApi),
                new TenantsModule(tenants),
                new TokensModule(new ApiTokens(context.jdbi(), context.clock()), context.clock()),
                new JobsModule(context.jobs()),
                new PlacementModule(placement),
                new PowerModule(new PowerService(context.jdbi(), context.clusters(), powerDrivers, context.jobs())),
                new ClustersModule(context.clusters()),
                CrawlerModule.start(new Crawler(context.jdbi(), context.clusters(),
                        List.of(new ProxmoxSource(context.config().inventory().callTimeout(), context.clock()),
                                new GantrySource(context.config().inventory().callTimeout(), context.clock())),
                        context.config().inventory(), context.clock(), workerName()), context.clock()),
                new BrowseModule(context.jdbi(), context.clusters())));
        modules.addAll(ResourceTypes.modules(context.jdbi(), context.clock(), context.config().prices(),
                id -> tenants.find(id).isPresent(), context.jobs(), placement));
        return List.copyOf(modules);
    }

    /** Every module's job handlers by kind; a kind claimed twice is a programming error. */
    private static Map<String, JobHandler> jobHandlers(List<ApiModule> modules) {
        Map<String, JobHandler> all = new HashMap<>();
        for (ApiModule m : modules) {
            if (m instanceof JobKinds kinds) {
                kinds.jobHandlers().forEach((kind, handler) -> {
                    if (all.putIfAbsent(kind, handler) != null) {
                        throw new IllegalStateException("job kind " + kind + " has two handlers (module " + m.name() + ")");
                    }
                });
            }
        }
        return all;
    }

    /** Names this replica's workers in job records: host and process, so a lost worker can be found. */
    private static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** The address actually bound (the configured port may be 0). */
    private static InetSocketAddress bound(ApiServer http, InetSocketAddress configured) {
        String address = http.listeners().getFirst().address();
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        InetAddress host = configured.getAddress();
        return new InetSocketAddress(host, port);
    }


    public List<ListenerInfo> listeners() {
        return http.listeners();
    }

    /** The base URL of the API's listener, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://" + http.listeners().getFirst().address();
    }

    public List<String> moduleNames() {
        return modules.stream().map(ApiModule::name).toList();
    }

    public Database database() {
        return database;
    }

    /** The registered clusters, credentials opened with this server's master key. */
    public ClusterDirectory clusters() {
        return clusters;
    }

    /** {@code admin.json}: the admin token and URL for {@code gantry admin} on this host. */
    public Path adminFile() {
        return adminFile;
    }

    public void join() throws InterruptedException {
        http.join();
    }

    /** Stops: workers finish (or leave their jobs to be retried), event streams end, the listener closes, then the database. */
    @Override
    public void close() throws Exception {
        try {
            workers.close();
            bus.close();
            http.close();
            for (ApiModule m : modules) {
                if (m instanceof AutoCloseable owned) {
                    owned.close();
                }
            }
        } finally {
            database.close();
        }
    }
}
