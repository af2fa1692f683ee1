package dev.gantry.testbed.bench;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.DebianPackages;
import dev.gantry.testbed.SystemdBox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Acceptance 5 of the network event broker: event → script start latency over link flaps, gantryd's
 * broker side by side with networkd-dispatcher (Debian's package, downloaded and installed in the box
 * only) on the same link, both driven by the same systemd-networkd signals.
 *
 * <p>In a box with the packaged agent: veth {@code gbn0} is managed by networkd (a static address,
 * kept without carrier); its peer {@code gbn0-p} is set down and up. Each system has a
 * {@code no-carrier.d} and a {@code routable.d} script that appends bash's {@code $EPOCHREALTIME} (no
 * fork) to a file. A bash driver in the box takes {@code $EPOCHREALTIME} just before it runs
 * {@code ip link set} on the peer, and waits until both systems' scripts for the new state have
 * written, so each transition is measured alone. Latency = the script's line − that moment; it
 * includes starting {@code ip}, networkd noticing the carrier change and signalling it, and bash
 * starting the script, which both systems share. (Taking the time after {@code ip} returns is not
 * safe on a loaded machine: {@code ip} can be descheduled after its change while a script already runs.)
 *
 * <p>Run after the .deb is built: {@code java -cp <testbed classpath> dev.gantry.testbed.bench.EventBrokerBench [FLAPS]}.
 */
public final class EventBrokerBench {
    private static final int WARMUP_FLAPS = 20;

    private EventBrokerBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        int flaps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (AgentBox agent = AgentBox.start("bench-events")) {
            SystemdBox box = agent.box();
            box.installDeb(DebianPackages.fetch("networkd-dispatcher", Path.of("target", "debs")));
            String version = box.exec("dpkg-query", "-W", "-f=${Version}", "networkd-dispatcher").orThrow().out();
            setUp(agent);
            box.writeFile("/root/flap.sh", DRIVER);
            box.exec("chmod", "755", "/root/flap.sh").orThrow();
            box.exec(Duration.ofMinutes(5), "/root/flap.sh", Integer.toString(WARMUP_FLAPS)).orThrow();
            String out = box.exec(Duration.ofMinutes(60), "/root/flap.sh", Integer.toString(flaps)).orThrow().stdout();
            System.out.println(report(out, flaps, version, box.exec("cat", "/proc/loadavg").orThrow().out()));
        }
    }

    private static void setUp(AgentBox agent) {
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
        agent.configure("[Events]\nLinks = \"gbn0\"\n");
        box.exec("systemctl", "restart", "networkd-dispatcher.service").orThrow();
        box.exec("systemctl", "is-active", "networkd-dispatcher.service").orThrow();
    }

    private static void script(SystemdBox box, String path, String linkVariable, String state, String log) {
        box.exec("mkdir", "-p", path.substring(0, path.lastIndexOf('/'))).orThrow();
        box.writeFile(path, "#!/bin/bash\n[ \"$" + linkVariable + "\" = gbn0 ] || exit 0\n"
                + "echo \"$EPOCHREALTIME " + state + "\" >> " + log + "\n");
        box.exec("chmod", "755", path).orThrow();
    }

    /**
     * Flaps {@code gbn0-p} N times; per transition prints {@code N STATE T GANTRY NDD} ($EPOCHREALTIME
     * seconds; {@code -} when a system had not run its script within 5 s). Sleeps are {@code read -t} on
     * a pipe nobody writes and lookups set a variable, so that polling forks nothing.
     */
    private static final String DRIVER = """
            #!/bin/bash
            exec {sfd}<> <(:)
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
                ip link set gbn0-p $dir
                g=-; n=-
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

    static String report(String out, int flaps, String nddVersion, String loadavg) {
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
            } else {
                ndd.add(micros(f[4]) - t);
            }
        }
        return String.format(Locale.ROOT, """
                %d flaps (%d transitions each system; %d warm-up flaps before), load average after: %s
                | system | p50 | p99 | max | transitions without a script run within 5 s |
                |---|---|---|---|---|
                | gantryd events (broker) | %s | %s | %s | %d |
                | networkd-dispatcher %s | %s | %s | %s | %d |""",
                flaps, 2 * flaps, WARMUP_FLAPS, loadavg, ms(gantry, 50), ms(gantry, 99), ms(gantry, 100), gMissing,
                nddVersion, ms(ndd, 50), ms(ndd, 99), ms(ndd, 100), nMissing);
    }

    /** $EPOCHREALTIME ("seconds.microseconds") in microseconds. */
    private static long micros(String epoch) {
        int dot = epoch.indexOf('.');
        return Long.parseLong(epoch.substring(0, dot)) * 1_000_000L + Long.parseLong(epoch.substring(dot + 1));
    }

    private static String ms(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.1f ms", sorted.get(Math.max(0, index)) / 1000.0);
    }
}
