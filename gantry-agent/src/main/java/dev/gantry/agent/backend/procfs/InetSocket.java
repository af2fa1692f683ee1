package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}, {@code raw} or
 * {@code raw6}. Addresses are printed as ss(8) prints them (IPv6 compressed per RFC 5952, IPv4-mapped
 * as {@code ::ffff:1.2.3.4}); states use ss's names ({@code LISTEN}, {@code ESTAB}, {@code UNCONN}...).
 * For raw sockets the "port" is the IP protocol number.
 */
public record InetSocket(String protocol, String localAddress, int localPort, String remoteAddress, int remotePort,
                         String state, long txQueue, long rxQueue, int uid, long inode) {

    /** The file names under {@code /proc/net} this reader accepts. */
    public static final List<String> PROTOCOLS = List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6");

    private static final String[] TCP_STATES = {"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1",
            "FIN-WAIT-2", "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"};

    /** The sockets of {@code protocol} (one of {@link #PROTOCOLS}) in the network namespace of {@code /proc/net}. */
    public static List<InetSocket> read(Path root, String protocol) {
        return readFile(root.resolve("proc/net").resolve(protocol), protocol);
    }

    /**
     * The sockets of a file such as {@code /proc/<pid>/net/tcp}; empty if the file does not exist
     * (no IPv6 in the kernel, a vanished process).
     */
    public static List<InetSocket> readFile(Path file, String protocol) {
        return ProcText.readIfPresent(file).map(b -> parse(b, protocol)).orElseGet(List::of);
    }

    /** The header and malformed lines are skipped. */
    public static List<InetSocket> parse(byte[] text, String protocol) {
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("not a /proc/net socket file: " + protocol);
        }
        boolean tcp = protocol.startsWith("tcp");
        ProcText t = new ProcText(text);
        t.nextLine();
        List<InetSocket> sockets = new ArrayList<>();
        byte[] b = t.bytes();
        while (!t.atEnd()) {
            int lineStart = t.position();
            InetSocket s = line(t, b, protocol, tcp);
            if (s != null) {
                sockets.add(s);
            }
            if (t.position() == lineStart || !t.atEnd()) {
                t.nextLine();
            }
        }
        return sockets;
    }

    private static InetSocket line(ProcText t, byte[] b, String protocol, boolean tcp) {
        t.skipBlanks();
        t.until(':');
        if (!t.accept(':')) {
            return null;
        }
        t.skipBlanks();
        int start = t.position();
        String local = address(t, b);
        if (local == null || !t.accept(':')) {
            return null;
        }
        int lport = (int) t.hex(-1);
        t.skipBlanks();
        String remote = address(t, b);
        if (remote == null || !t.accept(':')) {
            return null;
        }
        int rport = (int) t.hex(-1);
        t.skipBlanks();
        int st = (int) t.hex(-1);
        t.skipBlanks();
        long tx = t.hex(-1);
        if (!t.accept(':')) {
            return null;
        }
        long rx = t.hex(-1);
        t.word(); // tr:tm->when
        t.word(); // retrnsmt
        long uid = t.number(-1);
        t.number(-1); // timeout
        long inode = t.number(-1);
        if (lport < 0 || rport < 0 || st < 0 || tx < 0 || rx < 0 || uid < 0 || inode < 0 || start == t.position()) {
            return null;
        }
        String state = st < TCP_STATES.length ? TCP_STATES[st] : "UNKNOWN";
        if (!tcp) {
            // udp and raw reuse the TCP numbers: 1 is a connected socket, 7 an unconnected one.
            state = st == 1 ? "ESTAB" : st == 7 ? "UNCONN" : state;
        }
        return new InetSocket(protocol, local, lport, remote, rport, state, tx, rx, (int) uid, inode);
    }

    /** 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word in host (little-endian) order. */
    private static String address(ProcText t, byte[] b) {
        int start = t.position();
        int n = 0;
        while (start + n < t.end() && Character.digit(b[start + n], 16) >= 0) {
            n++;
        }
        if (n != 8 && n != 32) {
            return null;
        }
        byte[] raw = new byte[n / 2];
        for (int word = 0; word < n / 8; word++) {
            for (int i = 0; i < 4; i++) {
                int p = start + word * 8 + (3 - i) * 2;
                raw[word * 4 + i] = (byte) (Character.digit(b[p], 16) << 4 | Character.digit(b[p + 1], 16));
            }
        }
        t.skip(n);
        return n == 8 ? IpText.v4(raw, 0) : IpText.v6(raw);
    }
}
