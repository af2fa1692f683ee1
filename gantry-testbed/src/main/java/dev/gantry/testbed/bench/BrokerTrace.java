package dev.gantry.testbed.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link EventBrokerBench}'s {@code --trace}: splits each transition's latency into stages, from the
 * driver's output, {@code ip -ts monitor link} (run with TZ=UTC), {@code dbus-monitor} and the broker's
 * debug line per event. Every time is a wall-clock time taken in the box (one clock); a monitor's time is
 * when that monitor was scheduled to read the message, so each stage is also an upper bound by that much.
 */
final class BrokerTrace {
    private static final Pattern IP_LINE = Pattern.compile("^\\[(\\S+)] \\d+: gbn0[@:]");
    private static final Pattern BUS_HEADER = Pattern.compile("^signal time=(\\d+)\\.(\\d+) .*path=(\\S+);");
    private static final Pattern CALL = Pattern.compile(
            "^method call time=(\\d+)\\.(\\d+) .* serial=(\\d+) path=(\\S+); .*member=Describe");
    private static final Pattern RETURN = Pattern.compile("^method return time=(\\d+)\\.(\\d+) .* reply_serial=(\\d+)");
    private static final Pattern OPER_STATE = Pattern.compile(
            "string \"OperationalState\"\\s+variant\\s+string \"([a-z-]+)\"");
    private static final Pattern BROKER_LINE = Pattern.compile("latency of event \\d+ of gbn0 \\[([a-z, -]+)]: "
            + "received at (\\d+) µs since the epoch; handling began \\+(-?\\d+) µs, link facts read \\+(-?\\d+) µs, "
            + "first script started \\+(-?\\d+) µs");

    private BrokerTrace() {
    }

    private record Signal(long at, String state) {
    }

    /** A Describe of gbn0 as it passed the bus, and networkd's answer. */
    private record Describe(long called, long answered) {
    }

    private record BrokerEvent(List<String> states, long received, long began, long factsRead, long started) {
    }

    static String report(String driverOut, String ipMonitor, String busMonitor, String brokerLog, int ifindex) {
        List<Long> kernel = new ArrayList<>();
        for (String line : ipMonitor.split("\n")) {
            Matcher m = IP_LINE.matcher(line);
            if (m.find()) {
                LocalDateTime at = LocalDateTime.parse(m.group(1));
                kernel.add(at.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + at.getNano() / 1000);
            }
        }
        String path = "/org/freedesktop/network1/link/_3" + ifindex;
        List<Signal> signals = new ArrayList<>();
        for (String block : busMonitor.split("\n(?=(signal|method call|method return|error) time=)")) {
            Matcher h = BUS_HEADER.matcher(block);
            Matcher s = OPER_STATE.matcher(block);
            if (h.find() && h.group(3).equals(path) && s.find()) {
                signals.add(new Signal(Long.parseLong(h.group(1)) * 1_000_000L + Long.parseLong(h.group(2)), s.group(1)));
            }
        }
        List<Describe> describes = new ArrayList<>();
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String block : busMonitor.split("\n(?=(signal|method call|method return|error) time=)")) {
            Matcher c = CALL.matcher(block);
            Matcher r = RETURN.matcher(block);
            if (c.find() && c.group(4).equals(path)) {
                calls.put(c.group(3), Long.parseLong(c.group(1)) * 1_000_000L + Long.parseLong(c.group(2)));
            } else if (r.find() && calls.containsKey(r.group(3))) {
                describes.add(new Describe(calls.remove(r.group(3)),
                        Long.parseLong(r.group(1)) * 1_000_000L + Long.parseLong(r.group(2))));
            }
        }
        List<BrokerEvent> broker = new ArrayList<>();
        for (String line : brokerLog.split("\n")) {
            Matcher m = BROKER_LINE.matcher(line);
            if (m.find()) {
                long received = Long.parseLong(m.group(2));
                broker.add(new BrokerEvent(List.of(m.group(1).split(", ")), received,
                        received + Long.parseLong(m.group(3)), received + Long.parseLong(m.group(4)),
                        received + Long.parseLong(m.group(5))));
            }
        }
        Map<String, List<Long>> stages = new LinkedHashMap<>();
        for (String stage : List.of("driver → kernel notification (ip monitor)",
                "kernel notification → networkd's signal on the bus (dbus-monitor)",
                "signal on the bus → broker received it", "received → handling began (queue)",
                "handling began → link facts read",
                "  Describe used: its call on the bus − networkd's signal (negative: asked ahead)",
                "    no-carrier transitions", "    routable transitions",
                "  Describe used: call on the bus → networkd's answer on the bus",
                "  Describe used: answer on the bus → link facts read", "link facts read → script process started",
                "process started → script's line (exec, bash)", "total (driver → script's line)",
                "networkd-dispatcher: signal on the bus → script's line")) {
            stages.put(stage, new ArrayList<>());
        }
        int matched = 0;
        int askedTwice = 0;
        int transitions = 0;
        for (String line : driverOut.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length != 5 || f[3].equals("-")) {
                continue;
            }
            transitions++;
            String state = f[1];
            long t = EventBrokerBench.micros(f[2]);
            long script = EventBrokerBench.micros(f[3]);
            Long k = kernel.stream().filter(x -> x >= t).findFirst().orElse(null);
            Signal sig = signals.stream().filter(x -> x.at() >= t && x.state().equals(state)).findFirst().orElse(null);
            BrokerEvent b = broker.stream().filter(x -> x.received() >= t && x.states().contains(state)).findFirst()
                    .orElse(null);
            if (k == null || sig == null || b == null || b.received() > script) {
                continue;
            }
            // The Describe the scripts got: the last one networkd answered before the broker had all it needed.
            Describe d = describes.stream().filter(x -> x.answered() <= b.factsRead()).reduce((a, c) -> c).orElse(null);
            if (d == null) {
                continue;
            }
            matched++;
            if (describes.stream().filter(x -> x.called() >= k && x.called() <= b.factsRead()).count() > 1) {
                askedTwice++;
            }
            List<Long> values = List.of(k - t, sig.at() - k, b.received() - sig.at(), b.began() - b.received(),
                    b.factsRead() - b.began(), d.called() - sig.at(),
                    state.equals("no-carrier") ? d.called() - sig.at() : Long.MIN_VALUE,
                    state.equals("routable") ? d.called() - sig.at() : Long.MIN_VALUE, d.answered() - d.called(),
                    b.factsRead() - d.answered(), b.started() - b.factsRead(), script - b.started(), script - t);
            int i = 0;
            for (List<Long> list : stages.values()) {
                if (i < values.size()) {
                    long value = values.get(i++);
                    if (value != Long.MIN_VALUE) {
                        list.add(value);
                    }
                }
            }
            if (!f[4].equals("-") && !f[4].equals("0")) {
                stages.get("networkd-dispatcher: signal on the bus → script's line")
                        .add(EventBrokerBench.micros(f[4]) - sig.at());
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nWhere the time goes (%d of %d transitions matched in all traces; %d with more than one Describe "
                        + "between the kernel's notification and the scripts' start):%n"
                        + "| stage | p50 | p90 | p99 |%n|---|---|---|---|%n", matched, transitions, askedTwice));
        stages.forEach((stage, values) -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", stage,
                ms(values, 50), ms(values, 90), ms(values, 99))));
        return out.toString();
    }

    private static String ms(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.2f ms", sorted.get(Math.max(0, index)) / 1000.0);
    }
}
