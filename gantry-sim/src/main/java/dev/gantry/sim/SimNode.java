package dev.gantry.sim;

/** One simulated cluster node: fixed hardware figures drawn from the seed, always online. */
record SimNode(int index, String name, String ip, int maxcpu, long maxmem, long rootfs, long startedAt) {
    /** local-lvm's size, where every guest disk of the node lives. */
    static final long THIN_POOL = 4096 * Guest.GIB;
    /** local, the directory storage for ISO images, templates and backups. */
    static final long LOCAL = 100 * Guest.GIB;

    String id() {
        return "node/" + name;
    }
}
