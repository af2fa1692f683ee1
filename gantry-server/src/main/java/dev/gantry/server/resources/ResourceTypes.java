package dev.gantry.server.resources;

import dev.gantry.common.http.ApiModule;
import dev.gantry.server.changes.ChangeStream;
import dev.gantry.server.jobs.JobQueue;
import dev.gantry.server.placement.Placement;
import dev.gantry.server.resources.disks.DiskHandler;
import dev.gantry.server.resources.images.ImageHandler;
import dev.gantry.server.resources.instances.InstanceHandler;
import dev.gantry.server.resources.networks.NetworkHandler;
import dev.gantry.server.resources.snapshots.SnapshotHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/** The resource types this server offers, and the API modules that serve them. */
public final class ResourceTypes {
    /** How often a {@code ?watch=true} stream looks for new changes. */
    public static final Duration WATCH_POLL = ChangeStream.POLL;

    private ResourceTypes() {
    }

    /** The names of the built-in types, for their config keys. */
    public static final List<String> NAMES = builtIn().stream().map(ResourceHandler::type).toList();

    /**
     * The resource API on this database: the built-in types with the local no-op provider, their
     * create/update/remove steps run as jobs of {@code queue}.
     */
    public static List<ApiModule> modules(Jdbi jdbi, Clock clock, Prices prices, Predicate<String> tenantExists,
                                          JobQueue queue, Placement placement) {
        ResourceService service = ResourceService.queued(jdbi, clock, new LocalNoopProvider(jdbi, clock),
                builtIn(placement), queue);
        return modules(service, new Metering(jdbi, prices), new TenantGate(tenantExists), clock, WATCH_POLL);
    }

    /** Every built-in type; a scaffolded type is added here. */
    public static List<ResourceHandler<?>> builtIn() {
        return builtIn(new InstanceHandler());
    }

    /** The built-in types, instances placed by {@code placement} when their node is not given. */
    public static List<ResourceHandler<?>> builtIn(Placement placement) {
        return builtIn(new InstanceHandler(placement));
    }

    private static List<ResourceHandler<?>> builtIn(InstanceHandler instances) {
        return List.of(new NetworkHandler(), instances, new DiskHandler(), new SnapshotHandler(), new ImageHandler());
    }

    /** One module per type plus usage, for the server's module list. */
    public static List<ApiModule> modules(ResourceService service, Metering metering, TenantGate gate, Clock clock,
                                          Duration watchPoll) {
        List<ApiModule> modules = new ArrayList<>();
        for (ResourceHandler<?> handler : service.handlers()) {
            modules.add(module(handler, service, gate, watchPoll));
        }
        modules.add(new UsageModule(metering, gate, clock));
        return modules;
    }

    private static <S> ResourceModule<S> module(ResourceHandler<S> handler, ResourceService service, TenantGate gate,
                                                Duration watchPoll) {
        return new ResourceModule<>(handler, service, gate, watchPoll);
    }
}
