package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /proc/net/dev} counters per interface, with the link's {@code speed} (Mbit/s) and
 * {@code operstate} from {@code /sys/class/net/<name>/}. Speed is empty where the kernel has none
 * (virtual links, links down: the attribute reads -1 or refuses with EINVAL).
 */
public record NetDev(String name, long rxBytes, long rxPackets, long rxErrors, long rxDropped, long rxFifo,
                     long rxFrame, long rxCompressed, long rxMulticast, long txBytes, long txPackets,
                     long txErrors, long txDropped, long txFifo, long txCollisions, long txCarrier,
                     long txCompressed, OptionalLong speedMbps, Optional<String> operState) {

    /** Counters and sysfs attributes of every interface, in the kernel's order. */
    public static List<NetDev> read(Path root) {
        List<NetDev> counters = parse(ProcText.read(root.resolve("proc/net/dev")));
        List<NetDev> result = new ArrayList<>(counters.size());
        Path sys = root.resolve("sys/class/net");
        for (NetDev d : counters) {
            result.add(d.withSysfs(sys.resolve(d.name)));
        }
        return result;
    }

    /** Only the counters of {@code /proc/net/dev} (speed and state empty). Malformed lines are skipped. */
    public static List<NetDev> parse(byte[] text) {
        ProcText t = new ProcText(text);
        List<NetDev> devices = new ArrayList<>();
        // Two header lines, then "  name: 16 numbers".
        while (!t.atEnd()) {
            t.skipBlanks();
            String name = t.until(':');
            if (!t.accept(':') || name.isEmpty() || name.indexOf('|') >= 0) {
                t.nextLine();
                continue;
            }
            long[] f = new long[16];
            boolean ok = true;
            for (int i = 0; i < f.length; i++) {
                f[i] = t.number(-1);
                if (f[i] < 0) {
                    ok = false;
                    break;
                }
            }
            t.nextLine();
            if (ok) {
                devices.add(new NetDev(name.strip(), f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9],
                        f[10], f[11], f[12], f[13], f[14], f[15], OptionalLong.empty(), Optional.empty()));
            }
        }
        return devices;
    }

    /** This record with speed and operstate read from {@code dir} ({@code /sys/class/net/<name>}). */
    public NetDev withSysfs(Path dir) {
        OptionalLong speed = ProcText.readLine(dir.resolve("speed"))
                .map(NetDev::parseSpeed).orElse(OptionalLong.empty());
        Optional<String> state = ProcText.readLine(dir.resolve("operstate")).filter(s -> !s.isEmpty());
        return new NetDev(name, rxBytes, rxPackets, rxErrors, rxDropped, rxFifo, rxFrame, rxCompressed, rxMulticast,
                txBytes, txPackets, txErrors, txDropped, txFifo, txCollisions, txCarrier, txCompressed, speed, state);
    }

    private static OptionalLong parseSpeed(String s) {
        try {
            long v = Long.parseLong(s.strip());
            return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
