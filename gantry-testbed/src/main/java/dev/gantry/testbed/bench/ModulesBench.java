package dev.gantry.testbed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.SystemdBox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Throughput and latency of the module routes the issues set targets for, measured on the packaged
 * gantryd in a systemd box: wrk over TCP inside the box (bearer token checked on every request) and
 * autocannon over the Unix socket from the host. A route whose module this build does not have is
 * reported as such. Prints a Markdown table for docs/performance.md.
 *
 * <pre>./gantry-dev bench modules</pre>
 */
public final class ModulesBench {
    private static final int CLIENTS = 32;
    private static final Duration WARMUP = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(10);
    /** The box's processes for {@code /proc/processes}: the issue asks for p99 with 500 of them. */
    private static final int SLEEPERS = 500;
    private static final int NEIGHBOURS = 16;

    private record Target(String module, String path, String what) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("system", "/api/v1/system/hostname", "issue 3: ≥ 10,000 req/s"),
            new Target("systemd", "/api/v1/systemd/units/dbus.service", "issue 3: ≥ 10,000 req/s"),
            new Target("proc", "/api/v1/proc/memory", "issue 4: ≥ 32,000 req/s"),
            new Target("proc", "/api/v1/proc/net/arp", "issue 4: ≥ 40,000 req/s (" + NEIGHBOURS + " entries)"),
            new Target("proc", "/api/v1/proc/processes", "issue 4: p99 ≤ 20 ms with " + SLEEPERS + "+ processes"),
            new Target("network", "/api/v1/network/links", "issue 5: ≥ 17,000 req/s"));

    private ModulesBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        try (AgentBox agent = AgentBox.start("bench-modules")) {
            SystemdBox box = agent.box();
            agent.configure("[Network]\nListen = \"127.0.0.1:5208\"\nListenUnixSocket = true\n");
            Set<String> modules = modules(agent);
            Set<String> wanted = new LinkedHashSet<>();
            TARGETS.stream().map(Target::module).filter(modules::contains).forEach(wanted::add);
            String token = wanted.isEmpty() ? "" : LoadTools.token(box, "bench-modules", wanted);
            prepare(box);
            String autocannon = System.getProperty("gantry.autocannon", "");
            List<String> report = new ArrayList<>();
            report.add("| route | target | tcp, wrk -t2 -c" + CLIENTS + " -d10s | unix socket, autocannon -c" + CLIENTS
                    + " -d10 |");
            report.add("|---|---|---|---|");
            for (Target t : TARGETS) {
                if (!modules.contains(t.module())) {
                    report.add("| `GET " + t.path() + "` | " + t.what() + " | module `" + t.module()
                            + "` not in this build | |");
                    continue;
                }
                String url = "http://127.0.0.1:5208" + t.path();
                LoadTools.wrk(box, token, url, CLIENTS, WARMUP);
                String tcp = LoadTools.wrk(box, token, url, CLIENTS, RUN);
                String unix = autocannon.isEmpty() ? "autocannon not installed"
                        : LoadTools.autocannon(autocannon, agent.socket(), t.path(), CLIENTS, RUN);
                report.add("| `GET " + t.path() + "` | " + t.what() + " | " + tcp + " | " + unix + " |");
            }
            if (modules.contains("proc")) {
                // A latency target: the time one request takes, not the queue 32 clients build on 2 cores.
                String url = "http://127.0.0.1:5208/api/v1/proc/processes";
                for (int clients : new int[] {1, 4}) {
                    LoadTools.wrk(box, token, url, 1, clients, WARMUP);
                    report.add("| `GET /api/v1/proc/processes`, wrk -t1 -c" + clients + " | issue 4: p99 ≤ 20 ms | "
                            + LoadTools.wrk(box, token, url, 1, clients, RUN) + " | |");
                }
            }
            if (modules.contains("proc")) {
                baselineConditions(agent, report);
            }
            report.add("");
            report.add("Processes in the box during the runs: "
                    + box.exec("sh", "-c", "ls -d /proc/[0-9]* | wc -l").orThrow().out().trim()
                    + "; neighbour entries: " + box.exec("sh", "-c", "ip -j neigh | grep -o '\"dst\"' | wc -l")
                    .orThrow().out().trim() + ".");
            report.forEach(System.out::println);
        }
    }

    /**
     * photon-mgmtd's published figures were taken with authentication off and the box's own neighbour
     * table: the same two /proc routes again under those conditions, so that the comparison is like for like.
     */
    private static void baselineConditions(AgentBox agent, List<String> report) {
        SystemdBox box = agent.box();
        box.exec("ip", "neigh", "flush", "dev", "host0", "nud", "permanent").orThrow();
        agent.configure("[System]\nUseAuthentication = false\n[Network]\nListen = \"127.0.0.1:5208\"\n"
                + "ListenUnixSocket = true\n");
        String entries = box.exec("sh", "-c", "tail -n +2 /proc/net/arp | wc -l").orThrow().out().trim();
        for (String path : List.of("/api/v1/proc/memory", "/api/v1/proc/net/arp")) {
            String url = "http://127.0.0.1:5208" + path;
            // Two warm-ups: the agent was just restarted and its JIT starts cold again.
            LoadTools.wrk(box, "", url, CLIENTS, WARMUP);
            LoadTools.wrk(box, "", url, CLIENTS, WARMUP);
            report.add("| `GET " + path + "`, photon-mgmtd's conditions: authentication off, " + entries
                    + " neighbour entries | | " + LoadTools.wrk(box, "", url, CLIENTS, RUN) + " | |");
        }
    }

    private static Set<String> modules(AgentBox agent) throws Exception {
        JsonNode info = new ObjectMapper().readTree(agent.http().get("/api/v1/agent").body());
        Set<String> names = new LinkedHashSet<>();
        info.path("modules").forEach(m -> names.add(m.asText()));
        return names;
    }


    /** Gives the routes something to show: sleeping processes and permanent neighbour entries. */
    private static void prepare(SystemdBox box) {
        box.exec("systemd-run", "--unit=bench-sleepers", "--quiet", "sh", "-c",
                "for i in $(seq " + SLEEPERS + "); do sleep 100000 & done; wait").orThrow();
        for (int i = 1; i <= NEIGHBOURS; i++) {
            box.exec("ip", "neigh", "replace", "192.0.2." + i, "lladdr", String.format("02:00:00:00:00:%02x", i),
                    "dev", "host0", "nud", "permanent").orThrow();
        }
        box.exec(Duration.ofSeconds(30), "sh", "-c",
                "until [ $(ls -d /proc/[0-9]* | wc -l) -ge " + SLEEPERS + " ]; do sleep 0.2; done").orThrow();
    }
}
