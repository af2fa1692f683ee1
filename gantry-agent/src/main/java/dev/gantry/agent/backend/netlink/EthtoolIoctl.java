package dev.gantry.agent.backend.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SIOCETHTOOL ioctl, for what ethtool's netlink family does not carry: driver information
 * (ETHTOOL_GDRVINFO), the permanent address (ETHTOOL_GPERMADDR) and the driver's statistics
 * (ETHTOOL_GSTRINGS and ETHTOOL_GSTATS, as {@code ethtool -S} reads them). Each call opens one
 * AF_INET datagram socket for the ioctl and closes it. Thread-safe.
 */
final class EthtoolIoctl {
    private static final long SIOCETHTOOL = 0x8946;
    private static final int GDRVINFO = 0x03;
    private static final int GSTRINGS = 0x1b;
    private static final int GSTATS = 0x1d;
    private static final int GPERMADDR = 0x20;
    private static final int ETH_SS_STATS = 1;
    private static final int ETH_GSTRING_LEN = 32;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    private static final int MAX_ADDR_LEN = 32;
    /** struct ethtool_drvinfo: cmd, five 32-byte strings, 12 reserved bytes, five u32 counts. */
    private static final int DRVINFO_SIZE = 196;
    /**
     * GSTRINGS and GSTATS write as many entries as the driver has now, whatever count was asked
     * for; the buffers get this many spare entries so a count that grew since GDRVINFO cannot
     * overrun them, and the answer is taken only when both counts agree.
     */
    private static final int SLACK = 1024;

    private EthtoolIoctl() {
    }

    /** Raw driver information. */
    record DriverInfo(String driver, String version, String firmwareVersion, String expansionRomVersion,
                      String busInfo, int privFlags, int stats, int testInfoLength, int eepromLength,
                      int registerDumpLength) {
    }

    static DriverInfo driverInfo(String link) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(DRVINFO_SIZE, 8);
            info.set(ValueLayout.JAVA_INT, 0, GDRVINFO);
            call(arena, link, info, "ETHTOOL_GDRVINFO");
            return new DriverInfo(text(info, 4), text(info, 36), text(info, 68), text(info, 132), text(info, 100),
                    info.get(ValueLayout.JAVA_INT, 176), info.get(ValueLayout.JAVA_INT, 180),
                    info.get(ValueLayout.JAVA_INT, 184), info.get(ValueLayout.JAVA_INT, 188),
                    info.get(ValueLayout.JAVA_INT, 192));
        }
    }

    /** The permanent hardware address; empty when the driver reports none (or all zeros, as a veth does). */
    static Optional<byte[]> permanentAddress(String link) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment perm = arena.allocate(8 + MAX_ADDR_LEN, 8);
            perm.set(ValueLayout.JAVA_INT, 0, GPERMADDR);
            perm.set(ValueLayout.JAVA_INT, 4, MAX_ADDR_LEN);
            call(arena, link, perm, "ETHTOOL_GPERMADDR");
            int size = Math.min(perm.get(ValueLayout.JAVA_INT, 4), MAX_ADDR_LEN);
            byte[] addr = perm.asSlice(8, size).toArray(ValueLayout.JAVA_BYTE);
            boolean zero = true;
            for (byte b : addr) {
                zero &= b == 0;
            }
            return zero ? Optional.empty() : Optional.of(addr);
        }
    }

    /** The driver's statistics by name, in the driver's order (empty if it has none). */
    static Map<String, Long> statistics(String link) {
        for (int attempt = 1; ; attempt++) {
            int count = driverInfo(link).stats();
            if (count <= 0) {
                return Map.of();
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment strings = arena.allocate(12 + (long) (count + SLACK) * ETH_GSTRING_LEN, 8);
                strings.set(ValueLayout.JAVA_INT, 0, GSTRINGS);
                strings.set(ValueLayout.JAVA_INT, 4, ETH_SS_STATS);
                strings.set(ValueLayout.JAVA_INT, 8, count);
                call(arena, link, strings, "ETHTOOL_GSTRINGS");
                int named = strings.get(ValueLayout.JAVA_INT, 8);
                MemorySegment stats = arena.allocate(8 + (long) (count + SLACK) * 8, 8);
                stats.set(ValueLayout.JAVA_INT, 0, GSTATS);
                stats.set(ValueLayout.JAVA_INT, 4, count);
                call(arena, link, stats, "ETHTOOL_GSTATS");
                int counted = stats.get(ValueLayout.JAVA_INT, 4);
                if (named == counted && named <= count + SLACK) {
                    Map<String, Long> out = new LinkedHashMap<>();
                    for (int i = 0; i < named; i++) {
                        out.put(text(strings, 12 + (long) i * ETH_GSTRING_LEN),
                                stats.get(ValueLayout.JAVA_LONG, 8 + (long) i * 8));
                    }
                    return out;
                }
                if (attempt == 3) {
                    throw new NetlinkException(0, "the driver's statistics kept changing in number while read", null);
                }
            }
        }
    }

    private static void call(Arena arena, String link, MemorySegment data, String what) {
        Libc.requireAvailable();
        byte[] name = link.getBytes(StandardCharsets.UTF_8);
        if (name.length >= IFNAMSIZ) {
            throw new NetlinkException(NetlinkException.ENODEV, what + ": " + Libc.strerror(NetlinkException.ENODEV),
                    null, true);
        }
        MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
        MemorySegment.copy(name, 0, ifr, ValueLayout.JAVA_BYTE, 0, name.length);
        ifr.set(ValueLayout.ADDRESS, IFNAMSIZ, data);
        MemorySegment errno = Libc.newErrnoSegment(arena);
        int fd = Libc.socket(errno, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw NetlinkException.ofErrno(Libc.errno(errno), "ethtool ioctl socket");
        }
        try {
            if (Libc.ioctl(errno, fd, SIOCETHTOOL, ifr) < 0) {
                int e = Libc.errno(errno);
                throw new NetlinkException(e, what + ": " + Libc.strerror(e), null, true);
            }
        } finally {
            Libc.close(fd);
        }
    }

    private static String text(MemorySegment seg, long off) {
        return Attrs.string(seg, off, ETH_GSTRING_LEN);
    }
}
