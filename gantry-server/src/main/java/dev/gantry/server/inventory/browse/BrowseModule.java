package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import dev.gantry.server.clusters.ClusterDirectory;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /api/v1/inventory/…}: the crawled inventory, read-only, as of any snapshot, and
 * HyperProxmox's {@code /api/v1/static/…} paths as aliases. Module {@code inventory}, so scope
 * {@code inventory:read} (or {@code admin}). The inventory spans every tenant's machines: a caller
 * acting for a tenant is refused whatever its scopes.
 */
public final class BrowseModule implements ApiModule {
    static final String NAME = "inventory";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_DATES = 1000;
    static final int MAX_DATES = 10000;
    static final String AT = "latest (default), a snapshot id, or an ISO-8601 time: the newest finished snapshot started at or before it";

    private final InventoryBrowser browser;

    public BrowseModule(Jdbi jdbi, ClusterDirectory directory) {
        this.browser = new InventoryBrowser(jdbi, directory);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The crawled inventory of the clusters: clusters, nodes, instances, storages and disks as of any snapshot, "
                + "diffs between snapshots, an instance's history; HyperProxmox's /static paths as aliases";
    }

    @Override
    public void register(Routes routes) {
        list(routes, "clusters", "List the clusters' crawls in a snapshot", InventoryCluster.class, Filter.Kind.CLUSTERS)
                .handle(req -> browser.clusters(at(req), filter(req, Filter.Kind.CLUSTERS)));
        list(routes, "nodes", "List the nodes in a snapshot", InventoryNode.class, Filter.Kind.NODES)
                .handle(req -> browser.nodes(at(req), filter(req, Filter.Kind.NODES)));
        list(routes, "storages", "List the storages in a snapshot", InventoryStorage.class, Filter.Kind.STORAGES)
                .handle(req -> browser.storages(at(req), filter(req, Filter.Kind.STORAGES)));
        paged(list(routes, "instances", "List the instances (qemu, lxc, machines) in a snapshot",
                InventoryInstance.class, Filter.Kind.INSTANCES))
                .handle(req -> browser.instances(at(req), filter(req, Filter.Kind.INSTANCES),
                        page(req, InventoryLists.INSTANCE_KEY)));
        paged(list(routes, "disks", "List the disks (volumes) in a snapshot", InventoryDisk.class, Filter.Kind.DISKS))
                .handle(req -> browser.disks(at(req), filter(req, Filter.Kind.DISKS), page(req, InventoryLists.DISK_KEY)));

        routes.get("/inventory/dates").summary("List the snapshots, newest first").returnsListOf(InventorySnapshot.class)
                .description("Every snapshot, running and failed ones included, with its status.")
                .query("limit", Integer.class, "most snapshots to return, 1 to " + MAX_DATES + "; default " + DEFAULT_DATES)
                .query("before", Long.class, "a snapshot id: continue with the snapshots older than it")
                .handle(req -> {
                    operatorOnly(req);
                    return browser.dates(req.query("before").map(BrowseModule::snapshotId),
                            req.intQuery("limit", 1, MAX_DATES).orElse(DEFAULT_DATES), false);
                });
        routes.get("/inventory/diff").summary("What changed among instances between two snapshots")
                .returns(InventoryDiff.class)
                .description("Instances by gantryId: added, removed, moved (node or cluster changed) and changed "
                        + "(the fields, old and new). from must not be newer than to.")
                .query("from", String.class, "the older snapshot: " + AT)
                .query("to", String.class, "the newer snapshot: " + AT)
                .handle(req -> {
                    operatorOnly(req);
                    if (req.query("from").isEmpty()) {
                        throw ApiException.invalid("from", "required", "the older snapshot is required", null);
                    }
                    return browser.diff(SnapshotChoice.parse("from", req.query("from")),
                            SnapshotChoice.parse("to", req.query("to")));
                });
        routes.get("/inventory/instances/{gantryId}").summary("An instance by gantryId, now and its history")
                .returns(InstanceHistory.class)
                .description("current is the instance in the latest snapshot (absent when it is gone); history has "
                        + "every stored version with its snapshot range. 404 for a gantryId never seen.")
                .handle(req -> {
                    operatorOnly(req);
                    String text = req.param("gantryId");
                    return gantryId(text).flatMap(browser::instance)
                            .orElseThrow(() -> ApiException.notFound("no instance " + text + " in the inventory"));
                });
        new StaticAliases(browser).register(routes);
    }

    private static Routes.Builder list(Routes routes, String kind, String summary, Class<?> item, Filter.Kind filters) {
        Type page = Routes.parameterized(InventoryPage.class, item);
        Routes.Builder b = routes.get("/inventory/" + kind).summary(summary).returns(page)
                .query("at", String.class, AT);
        for (String name : filters.allowed) {
            b.query(name, name.equals("vmid") ? Integer.class : String.class, switch (name) {
                case "cluster" -> "only this cluster";
                case "node" -> "only this node";
                case "vmid" -> "only this Proxmox VMID";
                default -> "only the clusters whose groups include this one";
            });
        }
        return b;
    }

    private static Routes.Builder paged(Routes.Builder b) {
        return b.query("limit", Integer.class, "most rows to return, 1 to " + MAX_LIMIT + "; default " + DEFAULT_LIMIT)
                .query("after", String.class, "the next of the previous page");
    }

    private SnapshotChoice at(ApiRequest req) {
        operatorOnly(req);
        return SnapshotChoice.parse("at", req.query("at"));
    }

    private Filter filter(ApiRequest req, Filter.Kind kind) {
        return Filter.of(req, kind, browser.directory());
    }

    static InventoryLists.PageRequest page(ApiRequest req, Keyset key) {
        return new InventoryLists.PageRequest(req.intQuery("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT),
                key.parse(req.query("after")));
    }

    /** The inventory is every tenant's machines: only callers of no tenant (operators, admins) read it. */
    static void operatorOnly(ApiRequest req) {
        req.caller().tenant().ifPresent(t -> {
            throw ApiException.forbidden(req.caller().name() + " acts for tenant " + t
                    + "; the inventory spans every tenant and is for operators only");
        });
    }

    private static long snapshotId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("before", "integer", "a snapshot id", text);
        }
    }

    private static Optional<UUID> gantryId(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
