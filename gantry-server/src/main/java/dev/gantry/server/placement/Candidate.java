package dev.gantry.server.placement;

/**
 * One online node of a registered cluster as the latest snapshot saw it, with the allocation of the
 * guests already placed on it by this request.
 *
 * @param diskTotal     bytes of guest storage: the cluster's {@code storageDisk} on this node, else
 *                      every storage holding images or container volumes, else the node's root disk
 * @param diskUsed      bytes used on that same storage
 * @param load          one-minute load average (0 when the provider gives none)
 * @param clusterWeight the cluster's weight, &gt; 0
 */
record Candidate(String cluster, String node, int cpus, double cpuUsage, long memoryTotal, long memoryUsed,
                 long diskTotal, long diskUsed, double load, double allocatedCpus, long allocatedMemory,
                 long allocatedDisk, double clusterWeight) {

    /** This node with one more guest of {@code demand} allocated on it. */
    Candidate plus(PlacementRequest.Demand demand) {
        return new Candidate(cluster, node, cpus, cpuUsage, memoryTotal, memoryUsed, diskTotal, diskUsed, load,
                allocatedCpus + demand.cpus(), allocatedMemory + demand.memory(), allocatedDisk + demand.disk(),
                clusterWeight);
    }
}
