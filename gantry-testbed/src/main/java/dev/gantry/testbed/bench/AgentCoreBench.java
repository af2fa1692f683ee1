package dev.gantry.testbed.bench;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.SystemdBox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the packaged gantryd in a systemd box, as the core issue asks: start-to-ready under
 * systemd, resident memory idle and after load, and {@code GET /api/v1/agent} over the Unix socket
 * (this tool, from the host) and TCP (this tool and wrk, both in the box's network namespace).
 * Prints a Markdown report. Not a test: figures go to docs/performance.md.
 *
 * <pre>./gantry-dev bench</pre>
 */
public final class AgentCoreBench {
    private static final int CLIENTS = 32;
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final int STARTS = 7;

    private AgentCoreBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        try (AgentBox agent = AgentBox.start("bench")) {
            SystemdBox box = agent.box();
            agent.configure("[Network]\nListen = \"127.0.0.1:5208\"\nListenUnixSocket = true\n");
            String token = LoadTools.token(box, "bench", List.of("agent"));
            List<String> report = new ArrayList<>();
            report.add("| measure | value |");
            report.add("|---|---|");
            report.add("| JVM options | `" + jvmOptions(box) + "` |");
            report.add("| start to ready (systemctl start → socket answers), median of " + STARTS + " | "
                    + startToReady(box) + " |");
            Thread.sleep(3000);
            report.add("| resident memory, idle | " + rss(box) + " |");
            Bench.Result unix = Bench.run(agent.socket(), null, null, "/api/v1/agent", CLIENTS, WARMUP, RUN);
            report.add("| unix socket, bench, " + CLIENTS + " clients | " + figures(unix) + " |");
            String autocannon = System.getProperty("gantry.autocannon", "");
            if (!autocannon.isEmpty()) {
                report.add("| unix socket, autocannon -c" + CLIENTS + " -d10 | "
                        + LoadTools.autocannon(autocannon, agent.socket(), "/api/v1/agent", CLIENTS, RUN) + " |");
            }
            String tcp = benchInBoxNetwork(box, token);
            report.add("| tcp, bench (in the box's netns), " + CLIENTS + " clients | " + tcp + " |");
            report.add("| tcp, wrk -t2 -c" + CLIENTS + " -d10s | "
                    + LoadTools.wrk(box, token, "http://127.0.0.1:5208/api/v1/agent", CLIENTS, RUN) + " |");
            report.add("| resident memory, after the runs (VmRSS / VmHWM) | " + rss(box) + " / " + hwm(box) + " |");
            report.add("| `gantry agent info` wall time, with its AOT cache, median of 7 | " + cliTime(box) + " |");
            box.exec("mv", "/var/cache/gantry/gantry.aot", "/var/cache/gantry/gantry.aot.off").orThrow();
            report.add("| `gantry agent info` wall time, without it, median of 7 | " + cliTime(box) + " |");
            box.exec("mv", "/var/cache/gantry/gantry.aot.off", "/var/cache/gantry/gantry.aot").orThrow();
            report.forEach(System.out::println);
        }
    }


    private static String jvmOptions(SystemdBox box) {
        String pid = mainPid(box);
        String cmd = box.readFile("/proc/" + pid + "/cmdline").replace('\0', ' ');
        int start = cmd.indexOf(" -");
        int end = cmd.indexOf(" -cp ");
        return start >= 0 && end > start ? cmd.substring(start + 1, end).trim() : cmd;
    }

    private static String mainPid(SystemdBox box) {
        return box.exec("systemctl", "show", "-p", "MainPID", "--value", "gantryd.service").out();
    }

    private static String startToReady(SystemdBox box) {
        List<Long> millis = new ArrayList<>();
        // reset-failed: systemd refuses a sixth start within 10 s otherwise (StartLimitBurst).
        String script = "systemctl stop gantryd.service; systemctl reset-failed gantryd.service; sync; sleep 1; "
                + "t0=$(date +%s%N); systemctl start gantryd.service || exit 1; "
                + "until curl -s -o /dev/null --unix-socket /run/gantry/gantryd.sock http://localhost/api/v1/agent; "
                + "do systemctl -q is-failed gantryd.service && exit 1; sleep 0.005; done; "
                + "t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 ))";
        for (int i = 0; i < STARTS; i++) {
            millis.add(Long.parseLong(box.exec(Duration.ofSeconds(60), "sh", "-c", script).orThrow().out().trim()));
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) + " ms (runs: " + millis + ")";
    }

    private static String cliTime(SystemdBox box) {
        String script = "for i in 1 2 3 4 5 6 7; do t0=$(date +%s%N); gantry agent info >/dev/null || exit 1; "
                + "t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); done";
        List<Long> millis = box.exec(Duration.ofSeconds(120), "sh", "-c", script).orThrow().out().lines()
                .map(String::trim).map(Long::parseLong).toList();
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) + " ms (runs: " + millis + ")";
    }

    private static String rss(SystemdBox box) {
        return statusField(box, "VmRSS");
    }

    private static String hwm(SystemdBox box) {
        return statusField(box, "VmHWM");
    }

    private static String statusField(SystemdBox box, String field) {
        String status = box.readFile("/proc/" + mainPid(box) + "/status");
        for (String line : status.lines().toList()) {
            if (line.startsWith(field + ":")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
            }
        }
        return "?";
    }

    private static String figures(Bench.Result r) {
        return String.format(Locale.ROOT, "%,.0f req/s, p50 %.2f ms, p99 %.2f ms (%,d requests, %d errors)",
                r.perSecond(), r.p50() / 1000.0, r.p99() / 1000.0, r.requests(), r.errors());
    }

    /** Runs {@link Bench} in a JVM on the host that has entered only the box's network namespace. */
    private static String benchInBoxNetwork(SystemdBox box, String token) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of("nsenter", "-t", String.valueOf(box.leaderPid()), "-n", java,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Bench.class.getName(), "--url", "http://127.0.0.1:5208", "--token", token, "-c", String.valueOf(CLIENTS),
                "-d", String.valueOf(RUN.toSeconds()), "-w", String.valueOf(WARMUP.toSeconds()), "/api/v1/agent");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        String last = out.lines().reduce((a, b) -> b).orElse(out);
        return last.replaceAll("^.*?requests, ", "").replaceAll(", p90 [^,]+", "").replaceAll(", max .*$", "");
    }
}
