package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * HyperProxmox's read paths, kept for its users' scripts: {@code /api/v1/static/{kind}/{date|last}[/cluster[/node[/vmid]]]}
 * and {@code /api/v1/static/dates/(all|last)}. They answer with Gantry's shapes (the same pages as
 * {@code /api/v1/inventory/…}), not HyperProxmox's {@code {result, value}} wrapper. {@code date} is a
 * crawl start in epoch seconds, as HyperProxmox keys its snapshots.
 */
final class StaticAliases {
    /** How deep each kind's path goes, as in HyperProxmox: storages and nodes to the node, clusters to the cluster. */
    private enum Depth {
        CLUSTERS("clusters", 1, InventoryCluster.class), NODES("nodes", 2, InventoryNode.class),
        STORAGES("storages", 2, InventoryStorage.class), INSTANCES("instances", 3, InventoryInstance.class),
        DISKS("disks", 3, InventoryDisk.class);

        final String kind;
        final int segments;
        final Class<?> item;

        Depth(String kind, int segments, Class<?> item) {
            this.kind = kind;
            this.segments = segments;
            this.item = item;
        }
    }

    private static final List<String> SEGMENTS = List.of("cluster", "node", "vmid");

    private final InventoryBrowser browser;

    StaticAliases(InventoryBrowser browser) {
        this.browser = browser;
    }

    void register(Routes routes) {
        for (Depth d : Depth.values()) {
            Type page = Routes.parameterized(InventoryPage.class, d.item);
            StringBuilder path = new StringBuilder("/static/" + d.kind + "/{date}");
            for (int depth = 0; depth <= d.segments; depth++) {
                if (depth > 0) {
                    path.append("/{").append(SEGMENTS.get(depth - 1)).append('}');
                }
                Routes.Builder b = routes.get(path.toString()).returns(page)
                        .summary("HyperProxmox alias of GET /api/v1/inventory/" + d.kind)
                        .description("date: last, or a crawl's start in epoch seconds (the newest finished snapshot "
                                + "started within or before that second). Answers as /api/v1/inventory/" + d.kind + ".");
                if (d.segments == 3) {
                    b.query("limit", Integer.class, "as /api/v1/inventory/" + d.kind)
                            .query("after", String.class, "as /api/v1/inventory/" + d.kind);
                }
                int given = depth;
                b.handle(req -> answer(d, given, req));
            }
        }
        routes.get("/static/dates/{which}").summary("HyperProxmox alias: all finished snapshots, or the latest")
                .returns(Object.class)
                .description("which: all (finished snapshots newest first, as GET /api/v1/inventory/dates but without "
                        + "running and failed ones) or last (the latest finished snapshot).")
                .handle(req -> {
                    BrowseModule.operatorOnly(req);
                    return switch (req.param("which")) {
                        case "all" -> browser.dates(Optional.empty(), BrowseModule.MAX_DATES, true);
                        case "last" -> browser.snapshot(new SnapshotChoice.Latest());
                        default -> throw ApiException.invalid("which", "enum", "all or last", req.param("which"));
                    };
                });
    }

    /** {@code given}: how many of cluster, node, vmid this route's path holds. */
    private Object answer(Depth d, int given, ApiRequest req) {
        BrowseModule.operatorOnly(req);
        SnapshotChoice at = SnapshotChoice.parseDate(req.param("date"));
        Filter f = Filter.ofPath(segment(req, given, 0), segment(req, given, 1), segment(req, given, 2));
        return switch (d) {
            case CLUSTERS -> browser.clusters(at, f);
            case NODES -> browser.nodes(at, f);
            case STORAGES -> browser.storages(at, f);
            case INSTANCES -> browser.instances(at, f, BrowseModule.page(req, InventoryLists.INSTANCE_KEY));
            case DISKS -> browser.disks(at, f, BrowseModule.page(req, InventoryLists.DISK_KEY));
        };
    }

    private static Optional<String> segment(ApiRequest req, int given, int index) {
        return index < given ? Optional.of(req.param(SEGMENTS.get(index))) : Optional.empty();
    }
}
