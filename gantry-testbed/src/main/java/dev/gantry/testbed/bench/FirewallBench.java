package dev.gantry.testbed.bench;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.SystemdBox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/firewall/ruleset} with 1,000 rules loaded (issue 6), on the packaged gantryd in
 * a systemd box: wrk over TCP inside the box at 1 and 4 connections, next to {@code nft -j list
 * ruleset} run directly, which every request forks. Prints a Markdown table.
 *
 * <p>Run after the .deb is built: {@code java -cp <testbed classpath> dev.gantry.testbed.bench.FirewallBench}.
 */
public final class FirewallBench {
    private static final int RULES = 1000;
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    private static final int DIRECT_RUNS = 100;

    private FirewallBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        try (AgentBox agent = AgentBox.start("bench-firewall")) {
            SystemdBox box = agent.box();
            agent.configure("[Network]\nListen = \"127.0.0.1:5208\"\nListenUnixSocket = true\n");
            String token = LoadTools.token(box, "bench-firewall", List.of("firewall"));
            StringBuilder script = new StringBuilder("table inet bench {\n chain input {\n"
                    + "  type filter hook input priority 0; policy accept;\n");
            for (int i = 0; i < RULES; i++) {
                script.append("  ip saddr 10.").append(i / 250).append('.').append(i % 250)
                        .append(".1 tcp dport ").append(1000 + i).append(" counter accept comment \"rule ")
                        .append(i).append("\"\n");
            }
            script.append(" }\n}\n");
            box.writeFile("/tmp/bench.nft", script.toString());
            box.exec("nft", "-f", "/tmp/bench.nft").orThrow();
            String rules = box.exec("sh", "-c", "nft -j list ruleset | grep -o '\"rule\"' | wc -l").orThrow().out();
            String bytes = box.exec("sh", "-c", "nft -j list ruleset | wc -c").orThrow().out();

            // nft alone, as the agent runs it: fork, netlink dump, JSON out.
            String direct = box.exec(Duration.ofSeconds(120), "sh", "-c",
                    "s=$(date +%s%N); for i in $(seq " + DIRECT_RUNS + "); do nft -j list ruleset >/dev/null; done; "
                            + "e=$(date +%s%N); echo $(( (e - s) / " + DIRECT_RUNS + " / 1000 ))").orThrow().out();

            String url = "http://127.0.0.1:5208/api/v1/firewall/ruleset";
            List<String> report = new ArrayList<>();
            report.add("Ruleset: " + rules.trim() + " rules, " + bytes.trim() + " bytes of nft JSON. `nft -j list ruleset` "
                    + "run directly in the box: " + String.format("%.1f", Integer.parseInt(direct.trim()) / 1000.0)
                    + " ms per call (mean of " + DIRECT_RUNS + ", sequential). Load average during the run: "
                    + box.exec("cat", "/proc/loadavg").orThrow().out() + ".");
            report.add("");
            report.add("| route | connections | wrk -d10s --latency, -t1 for 1 connection, else -t2 (TCP, bearer token) |");
            report.add("|---|---|---|");
            for (int clients : new int[] {1, 4, 32}) {
                int threads = Math.min(2, clients);
                LoadTools.wrk(box, token, url, threads, clients, WARMUP);
                report.add("| `GET /api/v1/firewall/ruleset` | " + clients + " | "
                        + LoadTools.wrk(box, token, url, threads, clients, RUN) + " |");
            }
            report.forEach(System.out::println);
        }
    }
}
