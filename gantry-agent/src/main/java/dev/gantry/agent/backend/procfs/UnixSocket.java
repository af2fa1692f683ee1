package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/net/unix}. {@code path} is empty for unnamed sockets and starts with
 * {@code @} for abstract ones. {@code type} and {@code state} use ss(8)'s names.
 */
public record UnixSocket(long refCount, int flags, String type, String state, long inode, String path) {
    private static final int SO_ACCEPTCON = 0x10000;

    public static List<UnixSocket> read(Path root) {
        return ProcText.readIfPresent(root.resolve("proc/net/unix")).map(UnixSocket::parse).orElseGet(List::of);
    }

    public static List<UnixSocket> parse(byte[] text) {
        ProcText t = new ProcText(text);
        t.nextLine();
        List<UnixSocket> sockets = new ArrayList<>();
        while (!t.atEnd()) {
            String num = t.word();
            t.skipBlanks();
            long refs = t.hex(-1);
            t.skipBlanks();
            t.hex(-1); // protocol, always 0
            t.skipBlanks();
            long flags = t.hex(-1);
            t.skipBlanks();
            long type = t.hex(-1);
            t.skipBlanks();
            long st = t.hex(-1);
            long inode = t.number(-1);
            if (!num.endsWith(":") || refs < 0 || flags < 0 || type < 0 || st < 0 || inode < 0) {
                t.nextLine();
                continue;
            }
            String path = t.restOfLine();
            sockets.add(new UnixSocket(refs, (int) flags, typeName((int) type), stateName((int) st, (int) flags),
                    inode, path));
        }
        return sockets;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1 -> "stream";
            case 2 -> "dgram";
            case 5 -> "seqpacket";
            default -> "unknown";
        };
    }

    private static String stateName(int st, int flags) {
        if ((flags & SO_ACCEPTCON) != 0) {
            return "LISTEN";
        }
        return switch (st) {
            case 1 -> "UNCONN";
            case 2 -> "CONNECTING";
            case 3 -> "ESTAB";
            case 4 -> "DISCONNECTING";
            default -> "UNKNOWN";
        };
    }
}
