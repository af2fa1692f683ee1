package dev.gantry.agent.backend.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protocol counters of {@code /proc/net/snmp} (Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite) and
 * {@code /proc/net/netstat} (TcpExt, IpExt, MPTcpExt): both files pair a header line of names with a
 * line of values under the same {@code Proto:} prefix. A pair whose lengths differ is skipped.
 * Values are signed ({@code Tcp: MaxConn} is -1).
 */
public record Snmp(Map<String, Map<String, Long>> protocols) {
    public Snmp {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        protocols.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        protocols = Collections.unmodifiableMap(copy);
    }

    /** snmp and, where present, netstat merged. */
    public static Snmp read(Path root) {
        Map<String, Map<String, Long>> all = new LinkedHashMap<>(parse(ProcText.read(root.resolve("proc/net/snmp"))).protocols);
        ProcText.readIfPresent(root.resolve("proc/net/netstat")).ifPresent(b -> all.putAll(parse(b).protocols));
        return new Snmp(all);
    }

    public static Snmp parse(byte[] text) {
        ProcText t = new ProcText(text);
        Map<String, Map<String, Long>> protocols = new LinkedHashMap<>();
        while (!t.atEnd()) {
            String proto = t.until(':');
            if (!t.accept(':')) {
                t.nextLine();
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String w = t.word(); !w.isEmpty(); w = t.word()) {
                names.add(w);
            }
            t.nextLine();
            if (t.atEnd() || !t.startsWith(proto + ":")) {
                continue;
            }
            t.skip(proto.length() + 1);
            List<Long> values = new ArrayList<>(names.size());
            boolean ok = true;
            while (!t.atEol()) {
                long v = t.number(Long.MIN_VALUE);
                if (v == Long.MIN_VALUE) {
                    ok = false;
                    break;
                }
                values.add(v);
                t.skipBlanks();
            }
            t.nextLine();
            if (ok && values.size() == names.size()) {
                Map<String, Long> counters = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    counters.put(names.get(i), values.get(i));
                }
                protocols.put(proto, counters);
            }
        }
        return new Snmp(protocols);
    }
}
