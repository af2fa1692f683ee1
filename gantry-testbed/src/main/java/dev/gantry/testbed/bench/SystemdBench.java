package dev.gantry.testbed.bench;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.ExecResult;
import dev.gantry.testbed.SystemdBox;
import java.time.Duration;
import java.util.List;

/**
 * Measures {@code GET /api/v1/systemd/units/{name}} of the packaged gantryd in a systemd box with wrk
 * over TCP (wrk runs in the box's network namespace, on the same two cores), next to
 * {@code GET /api/v1/agent} as the core's ceiling. Prints a Markdown table. Not a test.
 *
 * <pre>java -Dgantry.deb=packaging/target/gantry_0.1.0_amd64.deb -cp ... dev.gantry.testbed.bench.SystemdBench</pre>
 */
public final class SystemdBench {
    private static final String UNIT = "gantry-bench.service";

    private SystemdBench() {
    }

    public static void main(String[] args) throws Exception {
        dev.gantry.common.log.Logging.configure("warning");
        try (AgentBox agent = AgentBox.start("systemd-bench")) {
            SystemdBox box = agent.box();
            agent.configure("[Network]\nListen = \"127.0.0.1:5208\"\nListenUnixSocket = true\n");
            box.writeFile("/etc/systemd/system/" + UNIT, "[Service]\nExecStart=/bin/sleep infinity\n");
            box.exec("systemctl", "daemon-reload").orThrow();
            box.exec("systemctl", "start", UNIT).orThrow();
            ExecResult created = box.exec("gantry", "token", "create", "--name", "bench", "--scope", "systemd:read",
                    "--scope", "agent:read").orThrow();
            String token = created.out().lines().toList().getLast().trim();
            System.out.println("| route | wrk -t2 -c32 -d10s |");
            System.out.println("|---|---|");
            for (String route : List.of("/api/v1/systemd/units/" + UNIT, "/api/v1/agent",
                    "/api/v1/systemd/units/" + UNIT, "/api/v1/systemd/units/" + UNIT + "/properties/MainPID")) {
                System.out.println("| GET " + route + " | " + wrk(box, token, route) + " |");
            }
            System.out.println(box.exec("sh", "-c", "grep -E 'VmRSS|VmHWM' /proc/$(systemctl show -p MainPID --value "
                    + "gantryd)/status").out().replace('\n', ' '));
        }
    }

    private static String wrk(SystemdBox box, String token, String route) {
        ExecResult r = box.exec(Duration.ofSeconds(60), "wrk", "-t2", "-c32", "-d10s", "--latency",
                "-H", "Authorization: Bearer " + token, "http://127.0.0.1:5208" + route);
        String out = r.out();
        String rps = out.lines().filter(l -> l.startsWith("Requests/sec")).findFirst().orElse("?")
                .replaceAll("\\s+", " ");
        String p99 = out.lines().filter(l -> l.trim().startsWith("99%")).findFirst().orElse("?").trim()
                .replaceAll("\\s+", " ");
        String errors = out.lines().filter(l -> l.contains("Non-2xx")).findFirst().orElse("no non-2xx").trim();
        return rps + ", p99 " + p99.replace("99% ", "") + " (" + errors + ")";
    }
}
