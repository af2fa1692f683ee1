package dev.gantry.server.placement;

import dev.gantry.common.http.ApiException;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.clusters.ClusterDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Chooses nodes for new guests from the latest inventory snapshot (ok or partial): only online
 * nodes of registered clusters, never a cluster's {@code excludeNodes}. Several guests are spread
 * by choosing one at a time, each pick adding its guest to the chosen node's allocation before the
 * next is scored. Reads only; safe from any thread.
 */
public final class Placement {
    private final Jdbi jdbi;
    private final ClusterDirectory clusters;

    public Placement(Jdbi jdbi, ClusterDirectory clusters) {
        this.jdbi = jdbi;
        this.clusters = clusters;
    }

    /** One chosen node: {@code inputs} are the figures its score was computed from. */
    public record Choice(String cluster, String node, double score, ScoreInputs inputs) {
    }

    /** The answer: the snapshot it was read from, and one choice per guest, in order. */
    public record Result(long snapshot, Instant snapshotStartedAt, int candidates, List<Choice> choices) {
    }

    /** As {@link #choose(Handle, PlacementRequest)} in its own read. */
    public Result choose(PlacementRequest request) {
        return jdbi.withHandle(h -> choose(h, request));
    }

    /**
     * The nodes for {@code request}, or 422 naming why nothing fits (no inventory yet, no online node
     * in a registered cluster of the group, or each node's shortage).
     */
    public Result choose(Handle h, PlacementRequest request) {
        Snapshot snapshot = latest(h).orElseThrow(() -> ApiException.unprocessable(
                "no inventory snapshot yet: nothing to place on until a crawl finished"));
        Map<String, Integer> skipped = new TreeMap<>();
        List<Candidate> candidates = candidates(h, snapshot.id(), request.inGroup(), skipped);
        if (candidates.isEmpty()) {
            throw ApiException.unprocessable("no candidate node in snapshot " + snapshot.id()
                    + request.inGroup().map(g -> " for group " + g).orElse("") + reasons(skipped));
        }
        PlacementRequest.Demand demand = request.demand();
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < request.guests(); i++) {
            Map<String, Integer> misfits = new TreeMap<>();
            Optional<Choice> best = best(candidates, demand, misfits);
            if (best.isEmpty()) {
                throw ApiException.unprocessable("no node fits " + describe(demand)
                        + (i == 0 ? "" : " after placing " + i + " of " + request.guests())
                        + ": " + candidates.size() + " candidate nodes" + reasons(misfits));
            }
            Choice chosen = best.get();
            choices.add(chosen);
            candidates.replaceAll(c -> c.cluster().equals(chosen.cluster()) && c.node().equals(chosen.node())
                    ? c.plus(demand) : c);
        }
        return new Result(snapshot.id(), snapshot.startedAt(), candidates.size(), List.copyOf(choices));
    }

    /**
     * The node for one new guest, as {@code cluster/node}; empty while there is nowhere to place at
     * all (no snapshot yet, or no online node of a registered cluster), so that instances can be
     * created before the fleet is known. 422 when there are nodes but none fits.
     */
    public Optional<String> nodeFor(Handle h, int cpu, long memory, long disk) {
        Optional<Snapshot> snapshot = latest(h);
        if (snapshot.isEmpty() || candidates(h, snapshot.get().id(), Optional.empty(), new HashMap<>()).isEmpty()) {
            return Optional.empty();
        }
        Choice choice = choose(h, new PlacementRequest(cpu, memory, disk, 1, null)).choices().getFirst();
        return Optional.of(choice.cluster() + "/" + choice.node());
    }

    private static Optional<Choice> best(List<Candidate> candidates, PlacementRequest.Demand demand,
                                         Map<String, Integer> misfits) {
        Choice best = null;
        for (Candidate c : candidates) {
            ScoreInputs in = PlacementFormula.inputs(c, demand);
            Optional<String> misfit = PlacementFormula.misfit(c, demand, in);
            if (misfit.isPresent()) {
                misfits.merge(misfit.get(), 1, Integer::sum);
                continue;
            }
            Choice choice = new Choice(c.cluster(), c.node(), PlacementFormula.score(in), in);
            if (best == null || ORDER.compare(choice, best) < 0) {
                best = choice;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Highest score first; ties by cluster and node name, so the same inventory gives the same answer. */
    private static final Comparator<Choice> ORDER = Comparator.comparingDouble(Choice::score).reversed()
            .thenComparing(Choice::cluster).thenComparing(Choice::node);

    record Snapshot(long id, Instant startedAt) {
    }

    static Optional<Snapshot> latest(Handle h) {
        return h.createQuery("""
                        SELECT id, started_at FROM inventory_snapshots WHERE status IN ('ok', 'partial')
                        ORDER BY started_at DESC, id DESC LIMIT 1""")
                .map((rs, ctx) -> new Snapshot(rs.getLong("id"), rs.getTimestamp("started_at").toInstant()))
                .findOne();
    }

    private List<Candidate> candidates(Handle h, long snapshot, Optional<String> group, Map<String, Integer> skipped) {
        Map<String, ClusterAccess> registered = new HashMap<>();
        clusters.all().forEach(c -> registered.put(c.name(), c));
        Map<String, GuestStorage> storage = GuestStorage.read(h, snapshot, registered);
        List<Candidate> out = new ArrayList<>();
        for (NodeRow row : nodes(h, snapshot)) {
            ClusterAccess access = registered.get(row.cluster());
            String skip = access == null ? "cluster not registered"
                    : group.isPresent() && !access.groups().contains(group.get()) ? "not in the group"
                    : access.excludeNodes().contains(row.node()) ? "excluded"
                    : !"online".equals(row.status()) ? row.status()
                    : null;
            if (skip != null) {
                skipped.merge(skip, 1, Integer::sum);
                continue;
            }
            GuestStorage disk = storage.getOrDefault(row.cluster() + "/" + row.node(),
                    new GuestStorage(row.diskTotal(), row.diskUsed()));
            out.add(new Candidate(row.cluster(), row.node(), row.cpus(), row.cpuUsage(), row.memoryTotal(),
                    row.memoryUsed(), disk.total(), disk.used(), row.load(), row.allocatedCpus(),
                    row.allocatedMemory(), row.allocatedDisk(), access.weight()));
        }
        return out;
    }

    private record NodeRow(String cluster, String node, String status, int cpus, double cpuUsage, long memoryTotal,
                           long memoryUsed, long diskTotal, long diskUsed, double load, double allocatedCpus,
                           long allocatedMemory, long allocatedDisk) {
    }

    private static List<NodeRow> nodes(Handle h, long snapshot) {
        return h.createQuery("""
                        SELECT cluster, node, status, cpus, cpu_usage, memory_total, memory_used, disk_total, disk_used,
                               coalesce(load[1], 0) AS load1, allocated_cpus, allocated_memory, allocated_disk
                        FROM inventory_nodes WHERE snapshot_id = :snapshot ORDER BY cluster, node""")
                .bind("snapshot", snapshot)
                .map((rs, ctx) -> new NodeRow(rs.getString("cluster"), rs.getString("node"), rs.getString("status"),
                        rs.getInt("cpus"), rs.getDouble("cpu_usage"), rs.getLong("memory_total"),
                        rs.getLong("memory_used"), rs.getLong("disk_total"), rs.getLong("disk_used"),
                        rs.getDouble("load1"), rs.getDouble("allocated_cpus"), rs.getLong("allocated_memory"),
                        rs.getLong("allocated_disk")))
                .list();
    }

    private static String describe(PlacementRequest.Demand d) {
        return (long) d.cpus() + " vCPUs, " + d.memory() + " bytes of memory and " + d.disk() + " bytes of disk";
    }

    private static String reasons(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        counts.forEach((why, n) -> text.append(text.length() > 2 ? ", " : "").append(n).append(" ").append(why));
        return text.append(")").toString();
    }
}
