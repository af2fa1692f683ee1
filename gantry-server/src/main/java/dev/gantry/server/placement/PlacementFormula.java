package dev.gantry.server.placement;

import java.util.Optional;

/**
 * The score of a node for one guest, documented in {@code docs/server/placement.md}. Every ratio is
 * taken as if the guest were already there; a node that would pass a limit does not fit.
 *
 * <pre>
 * pressure = (3·memAlloc + 4·memUse + 2·cpuAlloc/4 + 2·cpuUse + 3·diskAlloc + 4·diskUse + 3·load/cpus) / 21
 * score    = clusterWeight / (1 + pressure)          higher is better; an idle node of weight 1 scores 1
 * </pre>
 *
 * Allocation is over capacity (HyperProxmox divided allocated memory by the node's <em>used</em>
 * memory, which made busy nodes look empty); the weights are HyperProxmox's {@code eligibility()}
 * weights, plus CPU use, which it left out.
 */
final class PlacementFormula {
    /** vCPUs per physical CPU a node may carry; Proxmox itself sets no limit. */
    static final double MAX_CPU_ALLOCATION = 4.0;
    /** No memory overcommit: ballooning and KSM are not something to plan on. */
    static final double MAX_MEMORY_ALLOCATION = 1.0;
    /** Thin provisioning aside, a disk promised must fit. */
    static final double MAX_DISK_ALLOCATION = 1.0;

    static final double W_MEMORY_ALLOCATION = 3;
    static final double W_MEMORY_USE = 4;
    static final double W_CPU_ALLOCATION = 2;
    static final double W_CPU_USE = 2;
    static final double W_DISK_ALLOCATION = 3;
    static final double W_DISK_USE = 4;
    static final double W_LOAD = 3;
    private static final double W_SUM = W_MEMORY_ALLOCATION + W_MEMORY_USE + W_CPU_ALLOCATION + W_CPU_USE
            + W_DISK_ALLOCATION + W_DISK_USE + W_LOAD;

    private PlacementFormula() {
    }

    static ScoreInputs inputs(Candidate n, PlacementRequest.Demand demand) {
        double cpuAlloc = ratio(n.allocatedCpus() + demand.cpus(), n.cpus());
        double memAlloc = ratio(n.allocatedMemory() + demand.memory(), n.memoryTotal());
        double diskAlloc = n.diskTotal() == 0 && demand.disk() == 0 && n.allocatedDisk() == 0
                ? 0 : ratio(n.allocatedDisk() + demand.disk(), n.diskTotal());
        double memUse = ratio(n.memoryUsed(), n.memoryTotal());
        double diskUse = ratio(n.diskUsed(), n.diskTotal());
        double loadPerCpu = ratio(n.load(), n.cpus());
        double pressure = (W_MEMORY_ALLOCATION * memAlloc + W_MEMORY_USE * memUse
                + W_CPU_ALLOCATION * cpuAlloc / MAX_CPU_ALLOCATION + W_CPU_USE * n.cpuUsage()
                + W_DISK_ALLOCATION * diskAlloc + W_DISK_USE * diskUse + W_LOAD * loadPerCpu) / W_SUM;
        return new ScoreInputs(n.cpus(), n.allocatedCpus(), cpuAlloc, n.cpuUsage(), n.memoryTotal(), n.allocatedMemory(),
                memAlloc, memUse, n.diskTotal(), n.allocatedDisk(), diskAlloc, diskUse, n.load(), loadPerCpu,
                n.clusterWeight(), pressure);
    }

    static double score(ScoreInputs inputs) {
        return inputs.clusterWeight() / (1 + inputs.pressure());
    }

    /** Why the guest does not fit on the node, or empty when it does. */
    static Optional<String> misfit(Candidate n, PlacementRequest.Demand demand, ScoreInputs in) {
        if (demand.cpus() > n.cpus()) {
            return Optional.of("fewer CPUs than the guest's vCPUs");
        }
        if (in.memoryAllocation() > MAX_MEMORY_ALLOCATION) {
            return Optional.of("memory");
        }
        if (in.cpuAllocation() > MAX_CPU_ALLOCATION) {
            return Optional.of("CPU allocation");
        }
        if (in.diskAllocation() > MAX_DISK_ALLOCATION) {
            return Optional.of("disk");
        }
        return Optional.empty();
    }

    /** A share; a zero capacity counts as full, so nothing is placed on a node that reports none. */
    private static double ratio(double part, double whole) {
        if (whole <= 0) {
            return part > 0 ? Double.POSITIVE_INFINITY : 1;
        }
        return part / whole;
    }
}
