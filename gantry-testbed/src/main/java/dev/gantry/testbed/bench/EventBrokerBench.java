package dev.gantry.testbed.bench;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.DebianPackages;
import dev.gantry.testbed.SystemdBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Acceptance 5 of the network event broker: event → script start latency over link flaps, gantryd's
 * broker side by side with networkd-dispatcher (Debian's package, downloaded and installed in the box
 * only) on the same link, both driven by the same systemd-networkd signals.
 *
 * <p>In a box with the packaged agent: veth {@code gbn0} is managed by networkd (a static address,
 * kept without carrier); its peer {@code gbn0-p} is set down and up. Each system has a
 * {@code no-carrier.d} and a {@code routable.d} script that appends bash's {@code $EPOCHREALTIME} (no
 * fork) to a file. A bash driver in the box takes {@code $EPOCHREALTIME} just before it writes
 * {@code link set gbn0-p down|up} to an {@code ip -batch -} it started once, so the event is the
 * kernel's link change as near as a shell can take it (starting {@code ip} per flap, as the first runs
 * did, added its start-up to both systems), and waits until both systems' scripts for the new state
 * have written, so each transition is measured alone. Latency = the script's line − that moment; it includes networkd
 * noticing the carrier change and signalling it, and bash starting the script, which both systems share.
 *
 * <p>{@code --trace} also records where the broker's time goes: {@code ip -ts monitor link} (when the
 * kernel's notification reached a listener), {@code dbus-monitor} (when networkd's PropertiesChanged
 * passed the bus) and the broker's own debug line per event (received, handling began, link facts
 * read, first script started); the monitors and debug logging cost CPU, so a traced run is a run of its
 * own. {@code --alone} stops networkd-dispatcher, to see the broker without it competing for the 2 cores.
 *
 * <p>Run after the .deb is built: {@code java -cp <testbed classpath> dev.gantry.testbed.bench.EventBrokerBench
 * [FLAPS] [--trace] [--alone]}.
 */
public final class EventBrokerBench {
    private static final int WARMUP_FLAPS = 20;

    private EventBrokerBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        List<String> options = List.of(args);
        int flaps = options.stream().filter(a -> !a.startsWith("--")).findFirst().map(Integer::parseInt).orElse(1000);
        boolean trace = options.contains("--trace");
        boolean alone = options.contains("--alone");
        try (AgentBox agent = AgentBox.start("bench-events")) {
            SystemdBox box = agent.box();
            box.installDeb(DebianPackages.fetch("networkd-dispatcher", Path.of("target", "debs")));
            String version = box.exec("dpkg-query", "-W", "-f=${Version}", "networkd-dispatcher").orThrow().out();
            setUp(agent, trace);
            if (alone) {
                box.exec("systemctl", "stop", "networkd-dispatcher.service").orThrow();
            }
            box.writeFile("/root/flap.sh", DRIVER.replace("@ALONE@", alone ? "1" : "0"));
            box.exec("chmod", "755", "/root/flap.sh").orThrow();
            box.exec(Duration.ofMinutes(5), "/root/flap.sh", Integer.toString(WARMUP_FLAPS)).orThrow();
            if (trace) {
                startMonitors(box);
            }
            String before = box.exec("cat", "/proc/loadavg").orThrow().out();
            String out = box.exec(Duration.ofMinutes(60), "/root/flap.sh", Integer.toString(flaps)).orThrow().stdout();
            String after = box.exec("cat", "/proc/loadavg").orThrow().out();
            System.out.println(report(out, flaps, alone ? "stopped" : version, before, after));
            if (trace) {
                box.exec("systemctl", "stop", "bench-ipmon", "bench-busmon").orThrow();
                int ifindex = Integer.parseInt(box.exec("cat", "/sys/class/net/gbn0/ifindex").orThrow().out());
                Map<String, String> raw = Map.of("driver.txt", out, "ipmon.txt", box.readFile("/run/bench/ipmon"),
                        "busmon.txt", box.readFile("/run/bench/busmon"), "broker.txt", box.exec("journalctl", "-u",
                                "gantryd", "-o", "cat", "--grep", "latency of event").stdout());
                Path dir = Files.createDirectories(Path.of("target", "bench-events-trace"));
                for (var e : raw.entrySet()) {
                    Files.writeString(dir.resolve(e.getKey()), e.getValue());
                }
                System.out.println(BrokerTrace.report(out, raw.get("ipmon.txt"), raw.get("busmon.txt"),
                        raw.get("broker.txt"), ifindex));
                System.out.println("The traces are in " + dir.toAbsolutePath());
            }
        }
    }

    private static void setUp(AgentBox agent, boolean trace) {
        SystemdBox box = agent.box();
        box.exec("sh", "-c", "ip link add gbn0 type veth peer name gbn0-p && ip link set gbn0-p up").orThrow();
        box.writeFile("/etc/systemd/network/10-gbn0.network", "[Match]\nName=gbn0\n\n[Network]\n"
                + "Address=10.66.0.1/24\nConfigureWithoutCarrier=yes\nIgnoreCarrierLoss=yes\nLinkLocalAddressing=no\n");
        box.exec("systemctl", "start", "systemd-networkd.service").orThrow();
        box.exec("networkctl", "reload").orThrow();
        box.exec("mkdir", "-p", "/run/bench").orThrow();
        for (String state : List.of("no-carrier", "routable")) {
            script(box, "/etc/gantry/events/" + state + ".d/50-bench", "LINK", state, "/run/bench/gantry");
            script(box, "/etc/networkd-dispatcher/" + state + ".d/50-bench", "IFACE", state, "/run/bench/ndd");
        }
        agent.configure("[Events]\nLinks = \"gbn0\"\n" + (trace ? "[System]\nLogLevel = \"debug\"\n" : ""));
        box.exec("systemctl", "restart", "networkd-dispatcher.service").orThrow();
        box.exec("systemctl", "is-active", "networkd-dispatcher.service").orThrow();
    }

    /** The kernel's link notifications and networkd's signals, each line stamped when the monitor got it. */
    private static void startMonitors(SystemdBox box) {
        box.exec("systemd-run", "--unit=bench-ipmon", "-E", "TZ=UTC", "sh", "-c",
                "exec ip -ts monitor link > /run/bench/ipmon").orThrow();
        box.exec("systemd-run", "--unit=bench-busmon", "sh", "-c", "exec dbus-monitor --system "
                + "\"type='signal',sender='org.freedesktop.network1',member='PropertiesChanged'\" "
                + "\"type='method_call',member='Describe'\" \"type='method_return',sender='org.freedesktop.network1'\" "
                + "> /run/bench/busmon").orThrow();
        box.exec("sleep", "1").orThrow();
    }

    private static void script(SystemdBox box, String path, String linkVariable, String state, String log) {
        box.exec("mkdir", "-p", path.substring(0, path.lastIndexOf('/'))).orThrow();
        box.writeFile(path, "#!/bin/bash\n[ \"$" + linkVariable + "\" = gbn0 ] || exit 0\n"
                + "echo \"$EPOCHREALTIME " + state + "\" >> " + log + "\n");
        box.exec("chmod", "755", path).orThrow();
    }

    /**
     * Flaps {@code gbn0-p} N times; per transition prints {@code N STATE T GANTRY NDD} ($EPOCHREALTIME
     * seconds; {@code -} when a system had not run its script within 5 s; NDD {@code 0} when
     * networkd-dispatcher is stopped). Sleeps are {@code read -t} on a pipe nobody writes and lookups set
     * a variable, so that polling forks nothing; the link is set by one {@code ip -batch} for the whole run.
     */
    private static final String DRIVER = """
            #!/bin/bash
            exec {sfd}<> <(:)
            exec {ipfd}> >(exec ip -batch -)
            first() { # sets FOUND to the first time in file $1 for state $2 at or after time $3
              FOUND=-
              [ -f "$1" ] || return
              while read -r ts st; do
                if [ "$st" = "$2" ] && [[ "${ts/./}" -ge "${3/./}" ]]; then FOUND=$ts; return; fi
              done < "$1"
            }
            : > /run/bench/gantry; : > /run/bench/ndd
            for ((i = 1; i <= $1; i++)); do
              for dir in down up; do
                [ $dir = down ] && state=no-carrier || state=routable
                t=$EPOCHREALTIME
                echo "link set gbn0-p $dir" >&$ipfd
                g=-; n=-; [ @ALONE@ = 1 ] && n=0
                for ((w = 0; w < 2500; w++)); do
                  if [ "$g" = - ]; then first /run/bench/gantry $state $t; g=$FOUND; fi
                  if [ "$n" = - ]; then first /run/bench/ndd $state $t; n=$FOUND; fi
                  [ "$g" != - ] && [ "$n" != - ] && break
                  read -t 0.002 -u $sfd
                done
                echo "$i $state $t $g $n"
                read -t 0.05 -u $sfd
                : > /run/bench/gantry; : > /run/bench/ndd
              done
            done
            """;

    static String report(String out, int flaps, String nddVersion, String loadBefore, String loadAfter) {
        List<Long> gantry = new ArrayList<>();
        List<Long> ndd = new ArrayList<>();
        int gMissing = 0;
        int nMissing = 0;
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length != 5) {
                continue;
            }
            long t = micros(f[2]);
            if (f[3].equals("-")) {
                gMissing++;
            } else {
                gantry.add(micros(f[3]) - t);
            }
            if (f[4].equals("-")) {
                nMissing++;
            } else if (!f[4].equals("0")) {
                ndd.add(micros(f[4]) - t);
            }
        }
        return String.format(Locale.ROOT, """
                %d flaps (%d transitions each system; %d warm-up flaps before), load average before: %s, after: %s
                | system | p50 | p99 | max | transitions without a script run within 5 s |
                |---|---|---|---|---|
                | gantryd events (broker) | %s | %s | %s | %d |
                | networkd-dispatcher %s | %s | %s | %s | %d |""",
                flaps, 2 * flaps, WARMUP_FLAPS, loadBefore, loadAfter, ms(gantry, 50), ms(gantry, 99), ms(gantry, 100), gMissing,
                nddVersion, ms(ndd, 50), ms(ndd, 99), ms(ndd, 100), nMissing);
    }

    /** $EPOCHREALTIME ("seconds.microseconds") in microseconds. */
    static long micros(String epoch) {
        int dot = epoch.indexOf('.');
        return Long.parseLong(epoch.substring(0, dot)) * 1_000_000L + Long.parseLong(epoch.substring(dot + 1));
    }

    static String ms(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.1f ms", sorted.get(Math.max(0, index)) / 1000.0);
    }
}
