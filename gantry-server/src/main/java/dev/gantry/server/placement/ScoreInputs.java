package dev.gantry.server.placement;

/**
 * The figures one node's score was computed from, with the guest counted in. Allocated figures are
 * before the guest (they include the request's earlier guests placed on this node).
 *
 * @param cpuAllocation    (allocated vCPUs + the guest's) / CPUs
 * @param cpuUsage         CPU use, a fraction of the node's CPUs
 * @param memoryAllocation (allocated memory + the guest's) / memory
 * @param memoryUsage      used / total memory
 * @param diskTotal        bytes of guest storage on the node
 * @param diskAllocation   (allocated disk + the guest's) / guest storage
 * @param diskUsage        used / total of that storage
 * @param load             one-minute load average
 * @param loadPerCpu       load / CPUs
 * @param clusterWeight    the cluster's weight
 * @param pressure         the weighted mean of the ratios; 0 on an idle, empty node
 */
public record ScoreInputs(int cpus, double allocatedCpus, double cpuAllocation, double cpuUsage, long memoryTotal,
                          long allocatedMemory, double memoryAllocation, double memoryUsage, long diskTotal,
                          long allocatedDisk, double diskAllocation, double diskUsage, double load, double loadPerCpu,
                          double clusterWeight, double pressure) {
}
