package dev.gantry.agent.backend.netlink;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Not a test: writes the kernel's replies to ethtool requests for link {@code args[1]} as hex
 * fixtures (one message per file) into {@code args[0]}. Run in a throw-away namespace holding a
 * veth pair (unshare -n; ip link add gte0 type veth peer name gte1); see EthtoolParsersTest.
 */
public final class CaptureEthtoolFixtures {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String link = args[1];
        try (Ethtool ethtool = new Ethtool(); NetlinkSocket s = NetlinkSocket.openGeneric(2000)) {
            write(dir.resolve("ethtool-features-compact.hex"),
                    s.get(ethtool.request(Genl.MSG_FEATURES_GET, link, Genl.FLAG_COMPACT_BITSETS), CaptureEthtoolFixtures::bytes));
            write(dir.resolve("ethtool-features-verbose.hex"),
                    s.get(ethtool.request(Genl.MSG_FEATURES_GET, link, 0), CaptureEthtoolFixtures::bytes));
            write(dir.resolve("ethtool-linkmodes-verbose.hex"),
                    s.get(ethtool.request(Genl.MSG_LINKMODES_GET, link, 0), CaptureEthtoolFixtures::bytes));
            Message strset = ethtool.request(Genl.MSG_STRSET_GET, null, 0);
            strset.beginNested(Genl.A_STRSET_STRINGSETS).beginNested(Genl.A_STRINGSETS_STRINGSET)
                    .attrU32(Genl.A_STRINGSET_ID, Genl.ETH_SS_FEATURES).endNested().endNested();
            write(dir.resolve("ethtool-strset-features.hex"), s.get(strset, CaptureEthtoolFixtures::bytes));
            write(dir.resolve("ethtool-channels.hex"),
                    s.get(ethtool.request(Genl.MSG_CHANNELS_GET, link, 0), CaptureEthtoolFixtures::bytes));
        }
        // The ethtool command's own view of the same link, to compare against.
        Files.writeString(dir.resolve("ethtool-k.txt"), new String(new ProcessBuilder("ethtool", "-k", link)
                .start().getInputStream().readAllBytes()));
    }

    private static byte[] bytes(int type, java.lang.foreign.MemorySegment m) {
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void write(Path file, byte[] message) throws Exception {
        Files.writeString(file, HexFormat.of().formatHex(message) + "\n");
    }
}
