package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code /proc/net/arp}: the kernel's IPv4 neighbour cache. {@code flags} 0x2 is complete,
 * 0x4 permanent; an incomplete entry has the hardware address 00:00:00:00:00:00.
 */
public record ArpEntry(String ipAddress, int hwType, int flags, String hwAddress, String mask, String device) {

    public static List<ArpEntry> read(Path root) {
        return parse(ProcText.read(root.resolve("proc/net/arp")));
    }

    /** The header and lines without six fields are skipped. */
    public static List<ArpEntry> parse(byte[] text) {
        ProcText t = new ProcText(text);
        t.nextLine();
        List<ArpEntry> entries = new ArrayList<>();
        while (!t.atEnd()) {
            String ip = t.word();
            t.skipBlanks();
            int type = (int) hexField(t);
            t.skipBlanks();
            int flags = (int) hexField(t);
            String hw = t.word();
            String mask = t.word();
            String device = t.word();
            t.nextLine();
            if (!ip.isEmpty() && type >= 0 && flags >= 0 && !device.isEmpty()) {
                entries.add(new ArpEntry(ip, type, flags, hw, mask, device));
            }
        }
        return entries;
    }

    private static long hexField(ProcText t) {
        if (!(t.accept('0') && t.accept('x'))) {
            t.word();
            return -1;
        }
        long v = t.hex(-1);
        if (!t.atEol() && t.bytes()[t.position()] != ' ') {
            t.word();
            return -1;
        }
        return v;
    }

    public boolean complete() {
        return (flags & 0x2) != 0;
    }

    public boolean permanent() {
        return (flags & 0x4) != 0;
    }
}
