package dev.gantry.agent.backend.netlink;

import java.util.HexFormat;

/** Text forms of the addresses netlink carries, as iproute2 prints them (inet_ntop, colon-hex MACs). */
public final class Addresses {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Addresses() {
    }

    /** IPv4 dotted quad, IPv6 in RFC 5952 form; other lengths as colon-separated hex. */
    public static String ip(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        if (a.length == 16) {
            return ipv6(a);
        }
        return mac(a);
    }

    /** Link-layer address: lower-case hex bytes joined by ':' (empty for a zero-length address). */
    public static String mac(byte[] a) {
        StringBuilder sb = new StringBuilder(a.length * 3);
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX[(a[i] >> 4) & 0xf]).append(HEX[a[i] & 0xf]);
        }
        return sb.toString();
    }

    /** As glibc's inet_ntop: the longest run of two or more zero groups becomes "::", IPv4-mapped tails dotted. */
    static String ipv6(byte[] a) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase < 0) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase >= 0) {
                if (curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase >= 0 && curLen > bestLen) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                        .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    static String hex(byte[] a) {
        return HexFormat.of().formatHex(a);
    }
}
