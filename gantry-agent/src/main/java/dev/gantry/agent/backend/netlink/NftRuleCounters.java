package dev.gantry.agent.backend.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Resets the counters and quotas inside nftables rules with the kernel's {@code NFT_MSG_GETRULE_RESET}
 * over nfnetlink. The agent reaches nftables through {@code nft} everywhere else; this is the one
 * exception, because nft 1.0.6 (Debian 12) has no {@code reset rules} command (it came in nft 1.0.7),
 * while every kernel the agent runs on has the message. The kernel reads and zeroes each rule's
 * stateful expressions in one step under its commit lock, so no packet counted in between is lost
 * or counted twice, and a rule keeps its handle and position (a {@code replace rule} would not be
 * atomic with the read).
 */
public final class NftRuleCounters implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 5000;
    private static final int NFNL_SUBSYS_NFTABLES = 10;
    private static final int NFT_MSG_GETRULE_RESET = 25;
    private static final int NFTA_RULE_TABLE = 1;
    private static final int NFTA_RULE_CHAIN = 2;
    private static final int NFTA_RULE_HANDLE = 3;
    /** nft's family names and their NFPROTO_* numbers. */
    private static final Map<String, Integer> FAMILIES = Map.of(
            "inet", 1, "ip", 2, "arp", 3, "netdev", 5, "bridge", 7, "ip6", 10);

    private final SocketPool pool = new SocketPool(() -> NetlinkSocket.openNetfilter(TIMEOUT_MILLIS), 1,
            "nftables netlink");

    /**
     * Zeroes the counters of every rule in the scope: a chain ({@code table} and {@code chain} given),
     * a table ({@code chain} null), or every table of a family ({@code table} null too); {@code family}
     * null is every family. Returns the number of rules the kernel went through.
     */
    public int resetRules(String family, String table, String chain) {
        if (chain != null && table == null) {
            throw new IllegalArgumentException("a chain needs its table");
        }
        Message request = request(family);
        if (table != null) {
            request.attrString(NFTA_RULE_TABLE, table);
        }
        if (chain != null) {
            request.attrString(NFTA_RULE_CHAIN, chain);
        }
        return pool.withSocket(socket -> socket.dump(request, (type, message) -> Boolean.TRUE)).size();
    }

    /** Zeroes one rule's counters; the kernel's ENOENT if the table, chain or handle does not exist. */
    public void resetRule(String family, String table, String chain, long handle) {
        Message request = request(family)
                .attrString(NFTA_RULE_TABLE, table)
                .attrString(NFTA_RULE_CHAIN, chain)
                .attr(NFTA_RULE_HANDLE, ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(handle).array());
        pool.withSocket(socket -> socket.get(request, (type, message) -> Boolean.TRUE));
    }

    /** The nfnetlink header: family, version 0, resource id 0 (big-endian, unused here). */
    private static Message request(String family) {
        int proto = 0;
        if (family != null) {
            Integer known = FAMILIES.get(family);
            if (known == null) {
                throw new IllegalArgumentException("unknown nftables family: " + family);
            }
            proto = known;
        }
        return new Message((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE_RESET, 0).u8(proto).u8(0).u16(0);
    }

    @Override
    public void close() {
        pool.close();
    }
}
