package dev.gantry.agent.backend.netlink;

import java.util.List;

/**
 * A network interface as the kernel reports it (RTM_NEWLINK). {@code kind} is the driver kind of a
 * virtual link (bridge, veth, vxlan...; null for a physical or loopback link); {@code master} the
 * name of the bridge or bond it is enslaved to; {@code flags} in iproute2's names and order
 * ({@code NO-CARRIER} when up without carrier). Absent attributes are null.
 */
public record Link(int index, String name, List<String> altNames, String kind, String slaveKind, Integer mtu,
                   String mac, String broadcast, List<String> flags, String operState, String master,
                   Integer masterIndex, Integer linkIndex, Long txQueueLength, String alias, Stats64 stats64) {
    public Link {
        altNames = List.copyOf(altNames);
        flags = List.copyOf(flags);
    }

    Link withMaster(String masterName) {
        return new Link(index, name, altNames, kind, slaveKind, mtu, mac, broadcast, flags, operState, masterName,
                masterIndex, linkIndex, txQueueLength, alias, stats64);
    }

    /** The first 24 counters of struct rtnl_link_stats64; counters the kernel did not send are 0. */
    public record Stats64(long rxPackets, long txPackets, long rxBytes, long txBytes, long rxErrors, long txErrors,
                          long rxDropped, long txDropped, long multicast, long collisions, long rxLengthErrors,
                          long rxOverErrors, long rxCrcErrors, long rxFrameErrors, long rxFifoErrors,
                          long rxMissedErrors, long txAbortedErrors, long txCarrierErrors, long txFifoErrors,
                          long txHeartbeatErrors, long txWindowErrors, long rxCompressed, long txCompressed,
                          long rxNohandler) {
    }
}
