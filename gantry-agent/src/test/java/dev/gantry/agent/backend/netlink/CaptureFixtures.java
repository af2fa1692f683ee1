package dev.gantry.agent.backend.netlink;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Not a test: writes the dumps of the current network namespace as hex fixtures (one message per
 * line). Run inside a throw-away namespace (unshare -n) set up by hand; see NetlinkFixturesTest.
 */
public final class CaptureFixtures {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (NetlinkSocket s = NetlinkSocket.open(2000)) {
            write(dir.resolve("links.hex"), s.dump(new Message(Nl.RTM_GETLINK, 0).u8(0).u8(0).u16(0).u32(0).u32(0).u32(0),
                    (t, m) -> m.toArray(ValueLayout.JAVA_BYTE)));
            write(dir.resolve("addresses.hex"), s.dump(new Message(Nl.RTM_GETADDR, 0).u8(0).zeros(7),
                    (t, m) -> m.toArray(ValueLayout.JAVA_BYTE)));
            write(dir.resolve("routes.hex"), s.dump(new Message(Nl.RTM_GETROUTE, 0).u8(0).zeros(11),
                    (t, m) -> m.toArray(ValueLayout.JAVA_BYTE)));
            write(dir.resolve("rules.hex"), s.dump(new Message(Nl.RTM_GETRULE, 0).u8(0).zeros(11),
                    (t, m) -> m.toArray(ValueLayout.JAVA_BYTE)));
            write(dir.resolve("neighbours.hex"), s.dump(new Message(Nl.RTM_GETNEIGH, 0).u8(0).zeros(11),
                    (t, m) -> m.toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private static void write(Path file, List<byte[]> messages) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte[] m : messages) {
            sb.append(HexFormat.of().formatHex(m)).append('\n');
        }
        Files.writeString(file, sb);
    }
}
