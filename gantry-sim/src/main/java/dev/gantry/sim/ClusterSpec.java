package dev.gantry.sim;

/**
 * What to simulate: a cluster {@code name} with {@code nodes} nodes ({@code pve1}, {@code pve2}, …) and
 * {@code vmsPerNode} guests on each, all drawn from {@code seed}: the same spec gives the same guests
 * (ids, types, sizes, which run) every time.
 */
public record ClusterSpec(String name, int nodes, int vmsPerNode, long seed) {
    public ClusterSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("cluster name must be letters, digits and dashes (1-64), not " + name);
        }
        if (nodes < 1 || nodes > 1000) {
            throw new IllegalArgumentException("nodes must be 1-1000, not " + nodes);
        }
        if (vmsPerNode < 0 || (long) nodes * vmsPerNode > 900_000) {
            throw new IllegalArgumentException("vmsPerNode must be 0 or more, at most 900,000 guests in all; got "
                    + vmsPerNode + " on " + nodes + " nodes");
        }
    }
}
