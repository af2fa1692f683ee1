package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Problem;
import dev.gantry.server.clusters.ClusterDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * A browse request's filters: {@code cluster}, {@code node}, {@code vmid}, and {@code group} (the
 * clusters whose registered groups include it). A filter a kind has no column for (a vmid on nodes)
 * is a 400, not silently ignored.
 *
 * @param groupClusters the clusters of the requested group (absent: no group filter)
 */
record Filter(Optional<String> cluster, Optional<String> node, Optional<Integer> vmid,
              Optional<List<String>> groupClusters) {
    static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** What each kind may be filtered by. */
    enum Kind {
        CLUSTERS(List.of("cluster", "group")),
        NODES(List.of("cluster", "node", "group")),
        STORAGES(List.of("cluster", "node", "group")),
        INSTANCES(List.of("cluster", "node", "vmid", "group")),
        DISKS(List.of("cluster", "node", "vmid", "group"));

        final List<String> allowed;

        Kind(List<String> allowed) {
            this.allowed = allowed;
        }
    }

    Filter {
        groupClusters = groupClusters.map(List::copyOf);
    }

    static Filter of(ApiRequest req, Kind kind, ClusterDirectory directory) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String name : List.of("cluster", "node", "vmid", "group")) {
            if (!kind.allowed.contains(name) && req.query(name).isPresent()) {
                errors.add(new Problem.FieldError(name, "not-applicable",
                        kind.name().toLowerCase(java.util.Locale.ROOT) + " cannot be filtered by " + name, req.query(name).get()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Optional<Integer> vmid = req.intQuery("vmid", 0, Integer.MAX_VALUE);
        Optional<List<String>> group = nonEmpty(req, "group").map(g -> directory.all().stream()
                .filter(c -> c.groups().contains(g)).map(c -> c.name()).toList());
        return new Filter(nonEmpty(req, "cluster"), nonEmpty(req, "node"), vmid, group);
    }

    /** The filters for HyperProxmox's positional path segments ({@code /cluster/node/vmid}). */
    static Filter ofPath(Optional<String> cluster, Optional<String> node, Optional<String> vmid) {
        Optional<Integer> id = vmid.map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("vmid", "integer", "must be a whole number", text);
            }
        });
        return new Filter(cluster, node, id, Optional.empty());
    }

    private static Optional<String> nonEmpty(ApiRequest req, String name) {
        return req.query(name).filter(v -> !v.isEmpty());
    }

    /** {@code AND …} conditions on table alias {@code t}; bind them with {@link #bind}. */
    String where(String t) {
        StringBuilder sql = new StringBuilder();
        cluster.ifPresent(c -> sql.append(" AND ").append(t).append(".cluster = :fCluster"));
        groupClusters.ifPresent(g -> sql.append(" AND ").append(t).append(".cluster = ANY(:fClusters)"));
        node.ifPresent(n -> sql.append(" AND ").append(t).append(".node = :fNode"));
        vmid.ifPresent(v -> sql.append(" AND ").append(t).append(".vmid = :fVmid"));
        return sql.toString();
    }

    void bind(Query q) {
        cluster.ifPresent(c -> q.bind("fCluster", c));
        groupClusters.ifPresent(g -> q.bindArray("fClusters", String.class, g));
        node.ifPresent(n -> q.bind("fNode", n));
        vmid.ifPresent(v -> q.bind("fVmid", v));
    }
}
