package dev.gantry.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The network event broker of the installed agent (user gantry, its unit's capabilities) in a box with
 * systemd-networkd running: veth links taken down and up, scripts in /etc/gantry/events that write
 * their environment to files, and what the agent reports in its history and on its event stream.
 */
@WithAgentBox
class EventBrokerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OUT = "/var/lib/gantry-events-test";
    private static final String EVENTS = "/etc/gantry/events";
    /** The broker's property order: a signal runs each distinct value's directory once, in this order. */
    private static final List<String> PROPERTY_ORDER = List.of("AdministrativeState", "CarrierState",
            "OperationalState", "AddressState", "IPv4AddressState", "IPv6AddressState", "OnlineState");

    private static String sh(AgentBox agent, String script) {
        return agent.box().exec("sh", "-c", script).orThrow().stdout();
    }

    private static void eventually(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean exists(AgentBox agent, String path) {
        return agent.box().exec("test", "-e", path).succeeded();
    }

    private static List<String> lines(AgentBox agent, String path) {
        var r = agent.box().exec("cat", path);
        return r.succeeded() && !r.stdout().isBlank() ? List.of(r.stdout().strip().split("\n")) : List.of();
    }

    /** A root-owned 0755 script; {@code mode} and {@code owner} change that for the tests of the checks. */
    private static void script(AgentBox agent, String dir, String name, String body, String mode, String owner) {
        String path = EVENTS + "/" + dir + ".d/" + name;
        agent.box().writeFile(path, "#!/bin/sh\n" + body + "\n");
        sh(agent, "chmod " + mode + " " + path + " && chown " + owner + " " + path);
    }

    private static void script(AgentBox agent, String dir, String name, String body) {
        script(agent, dir, name, body, "0755", "root:root");
    }

    private static int ifindex(AgentBox agent, String link) throws Exception {
        return JSON.readTree(sh(agent, "ip -j link show " + link)).get(0).get("ifindex").asInt();
    }

    private static String operState(AgentBox agent, String link) {
        return agent.box().exec("networkctl", "status", "--no-pager", "-n", "0", link).stdout();
    }

    private static JsonNode history(AgentBox agent, String query) throws Exception {
        var r = agent.http().get("/api/v1/network/events?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static Map<String, String> env(List<String> lines) {
        Map<String, String> env = new TreeMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return env;
    }

    @BeforeAll
    static void networkd(AgentBox agent) {
        sh(agent, "systemctl start systemd-networkd && mkdir -p " + OUT + "/leases");
        for (int i : List.of(1, 2, 5)) {
            agent.box().writeFile("/etc/systemd/network/10-gev" + i + "a.network",
                    "[Match]\nName=gev" + i + "a\n[Network]\nAddress=10.77." + i + ".1/24\nLinkLocalAddressing=no\n");
        }
        sh(agent, "networkctl reload");
    }

    @BeforeEach
    void noScripts(AgentBox agent) {
        sh(agent, "find " + EVENTS + " -type f -delete 2>/dev/null; rm -f " + OUT + "/*; true");
    }

    @Test
    void aLinkDownAndUpRunsNoCarrierThenRoutableWithTheDocumentedEnvironment(AgentBox agent) throws Exception {
        agent.configure("[Events]\nLinks = \"gev1a\"\nScriptTimeoutSec = 2\n");
        assertThat(sh(agent, "ls " + EVENTS)).contains("carrier.d", "configured.d", "degraded.d", "no-carrier.d",
                "routable.d", "manager.d", "routes.d", "online.d");
        for (String state : List.of("no-carrier", "routable")) {
            script(agent, state, "10-env", "env > " + OUT + "/" + state + ".env\nprintf '%s' \"$JSON\" > " + OUT + "/"
                    + state + ".json\necho " + state + " >> " + OUT + "/seq");
        }
        // Scripts have the agent's CAP_NET_ADMIN: a policy rule, as the admins write them.
        script(agent, "routable", "20-rule", "ip rule del pref 4077 2>/dev/null\n"
                + "ip rule add from 192.0.2.77 lookup 4077 pref 4077 && echo rule >> " + OUT + "/seq");
        script(agent, "routable", "30-group-writable", "touch " + OUT + "/bad-group", "0775", "root:root");
        script(agent, "routable", "40-not-root", "touch " + OUT + "/bad-owner", "0755", "nobody:nogroup");
        script(agent, "routable", "15-env~", "touch " + OUT + "/bad-leftover");
        script(agent, "carrier", "05-hang", "echo hang >> " + OUT + "/seq\nsleep 600\necho survived >> " + OUT + "/seq");

        sh(agent, "ip link add gev1a type veth peer name gev1b && ip link set gev1b up");
        eventually("gev1a routable the first time", () -> exists(agent, OUT + "/routable.env"), 60);
        Thread.sleep(3000); // the first up's trailing signals (online state, addresses) run their scripts
        sh(agent, "rm -f " + OUT + "/*.env " + OUT + "/*.json " + OUT + "/seq");

        sh(agent, "ip link set gev1b down");
        eventually("no-carrier.d", () -> exists(agent, OUT + "/no-carrier.env"), 30);
        sh(agent, "ip link set gev1b up");
        eventually("routable.d after up", () -> lines(agent, OUT + "/seq").contains("rule"), 60);

        List<String> seq = lines(agent, OUT + "/seq");
        assertThat(seq.getFirst()).isEqualTo("no-carrier");
        assertThat(seq).containsSubsequence("no-carrier", "hang", "routable", "rule").doesNotContain("survived");

        int index = ifindex(agent, "gev1a");
        Map<String, String> down = env(lines(agent, OUT + "/no-carrier.env"));
        assertThat(down).containsEntry("LINK", "gev1a").containsEntry("IFACE", "gev1a")
                .containsEntry("LINKINDEX", Integer.toString(index)).containsEntry("STATE", "no-carrier")
                .containsEntry("OperationalState", "no-carrier").containsKey("AdministrativeState")
                .containsKey("GANTRY_EVENT_ID").doesNotContainKey("REPLAY");
        JsonNode describe = JSON.readTree(agent.box().readFile(OUT + "/no-carrier.json"));
        assertThat(describe.path("Name").asText()).isEqualTo("gev1a");
        assertThat(describe.path("Index").asInt()).isEqualTo(index);

        Map<String, String> up = env(lines(agent, OUT + "/routable.env"));
        assertThat(up).containsEntry("LINK", "gev1a").containsEntry("STATE", "routable")
                .containsEntry("OperationalState", "routable").containsEntry("ADDR", "10.77.1.1");
        // As of the signal: networkd reports routable before it finishes configuring the link.
        assertThat(up.get("AdministrativeState")).isIn("configuring", "configured");
        assertThat(up.get("IP_ADDRS")).contains("10.77.1.1");
        assertThat(JSON.readTree(agent.box().readFile(OUT + "/routable.json")).path("OperationalState").asText())
                .isEqualTo("routable");

        JsonNode rules = JSON.readTree(sh(agent, "ip -j rule show pref 4077"));
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).path("src").asText()).isEqualTo("192.0.2.77");
        assertThat(rules.get(0).path("table").asText()).isEqualTo("4077");
        assertThat(exists(agent, OUT + "/bad-group") || exists(agent, OUT + "/bad-owner")
                || exists(agent, OUT + "/bad-leftover")).isFalse();

        JsonNode runs = history(agent, "link=gev1a&kind=script&limit=4096");
        List<JsonNode> skipped = new ArrayList<>();
        runs.forEach(r -> {
            if (r.path("detail").path("result").asText().equals("skipped")) {
                skipped.add(r);
            }
        });
        assertThat(skipped).extracting(r -> r.path("detail").path("script").asText() + ": "
                + r.path("detail").path("reason").asText())
                .contains("routable.d/30-group-writable: writable by group (mode 0775)",
                        "routable.d/40-not-root: owned by uid 65534, not root")
                .noneMatch(s -> s.contains("15-env~"));
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.path("detail").path("script").asText()).isEqualTo("carrier.d/05-hang");
            assertThat(r.path("detail").path("result").asText()).isEqualTo("timeout");
            assertThat(r.path("detail").path("durationMillis").asLong()).isBetween(2000L, 8000L);
        });
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.path("detail").path("script").asText()).isEqualTo("routable.d/20-rule");
            assertThat(r.path("detail").path("exitCode").asInt()).isZero();
        });
        assertThat(agent.journal(400)).contains("routable.d/30-group-writable: skipped: writable by group (mode 0775)")
                .contains("routable.d/40-not-root: skipped: owned by uid 65534, not root")
                .contains("carrier.d/05-hang: still running after 2 s; sending SIGTERM");

        // routes.d: a route on the link.
        script(agent, "routes", "10-env", "echo \"$ROUTE_ACTION $ROUTE_DST $LINK\" >> " + OUT + "/routes");
        sh(agent, "ip route add 198.51.100.0/24 dev gev1a");
        eventually("routes.d", () -> lines(agent, OUT + "/routes").contains("add 198.51.100.0/24 gev1a"), 30);

        // ReplayOnStart: a restarted agent runs the routable link's scripts once, saying so.
        sh(agent, "rm -f " + OUT + "/routable.env " + EVENTS + "/carrier.d/05-hang");
        agent.restartAgent();
        eventually("the replay", () -> exists(agent, OUT + "/routable.env"), 30);
        assertThat(env(lines(agent, OUT + "/routable.env"))).containsEntry("REPLAY", "true")
                .containsEntry("LINK", "gev1a").containsEntry("OperationalState", "routable");
        sh(agent, "ip link del gev1a");
    }

    @Test
    void twoHundredRapidFlapsReachTheScriptsInNetworkdsOrderWithNoneLost(AgentBox agent) throws Exception {
        agent.configure("[Events]\nLinks = \"gev2a\"\n");
        String log = "echo \"$GANTRY_EVENT_ID $STATE\" >> " + OUT + "/flaps";
        for (String dir : sh(agent, "ls " + EVENTS).split("\\s+")) {
            if (dir.endsWith(".d") && !dir.equals("manager.d") && !dir.equals("routes.d")) {
                script(agent, dir.substring(0, dir.length() - 2), "10-log", log);
            }
        }
        sh(agent, "ip link add gev2a type veth peer name gev2b && ip link set gev2b up");
        eventually("gev2a routable", () -> operState(agent, "gev2a").contains("routable"), 60);
        Thread.sleep(2000);
        sh(agent, "systemd-run --unit=gantry-sse-capture curl -sN --unix-socket /run/gantry/gantryd.sock -o " + OUT
                + "/sse.txt 'http://localhost/api/v1/events?link=gev2a&kind=link-state'");
        eventually("the SSE capture", () -> agent.box().exec("grep", "-q", "gantry events", OUT + "/sse.txt")
                .succeeded(), 20);
        sh(agent, "for i in $(seq 200); do ip link set gev2b down; ip link set gev2b up; done");
        eventually("gev2a routable after the flaps", () -> operState(agent, "gev2a").contains("routable"), 120);
        // Quiet: no new script line for 3 s.
        int[] last = {-1};
        eventually("the scripts to finish", () -> {
            int n = lines(agent, OUT + "/flaps").size();
            boolean same = n == last[0];
            last[0] = n;
            if (!same) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return same;
        }, 300);
        sh(agent, "systemctl stop gantry-sse-capture");

        List<String> expected = new ArrayList<>();
        long firstId = Long.MAX_VALUE;
        int noCarrier = 0;
        String id = null;
        for (String line : agent.box().readFile(OUT + "/sse.txt").split("\n")) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
                firstId = Math.min(firstId, Long.parseLong(id));
            } else if (line.startsWith("data: ")) {
                JsonNode changed = JSON.readTree(line.substring(6)).path("detail").path("changed");
                Set<String> states = new LinkedHashSet<>();
                for (String p : PROPERTY_ORDER) {
                    if (changed.has(p)) {
                        states.add(changed.get(p).asText());
                    }
                }
                for (String s : states) {
                    expected.add(id + " " + s);
                }
                if ("no-carrier".equals(changed.path("OperationalState").asText())) {
                    noCarrier++;
                }
            }
        }
        long from = firstId;
        List<String> seen = lines(agent, OUT + "/flaps").stream()
                .filter(l -> Long.parseLong(l.split(" ")[0]) >= from).toList();
        System.out.println("200 flaps: networkd sent " + noCarrier + " OperationalState=no-carrier signals, "
                + expected.size() + " directory runs expected, " + seen.size() + " script runs seen");
        assertThat(noCarrier).isGreaterThan(20);
        assertThat(seen).containsExactlyElementsOf(expected);
        sh(agent, "ip link del gev2a");
    }

    /** networkd's Manager property, as busctl prints it ({@code s "routable"} → {@code routable}). */
    private static String managerProperty(AgentBox agent, String property) {
        String out = sh(agent, "busctl get-property org.freedesktop.network1 /org/freedesktop/network1 "
                + "org.freedesktop.network1.Manager " + property).strip();
        return out.substring(out.indexOf('"') + 1, out.lastIndexOf('"'));
    }

    @Test
    void theManagersStateChangingWhenItsOnlyRoutableLinkFlapsRunsManagerDWithItsEnvironment(AgentBox agent)
            throws Exception {
        // The manager's state is its links' best: no other routable test link may be left.
        sh(agent, "for l in gev1a gev2a; do ip link del $l 2>/dev/null; done; true");
        agent.configure("[Events]\nLinks = \"gev5a\"\n");
        script(agent, "manager", "10-env", "env > " + OUT + "/manager.$STATE.env\necho \"$STATE\" >> " + OUT
                + "/manager");
        sh(agent, "ip link add gev5a type veth peer name gev5b && ip link set gev5b up");
        eventually("the manager routable", () -> managerProperty(agent, "OperationalState").equals("routable"), 60);
        Thread.sleep(2000); // the first up's manager signals
        sh(agent, "rm -f " + OUT + "/manager*");

        sh(agent, "ip link set gev5b down");
        eventually("the manager no longer routable", () -> !managerProperty(agent, "OperationalState")
                .equals("routable"), 30);
        String down = managerProperty(agent, "OperationalState");
        eventually("manager.d for " + down, () -> exists(agent, OUT + "/manager." + down + ".env"), 30);
        sh(agent, "ip link set gev5b up");
        eventually("manager.d for routable", () -> exists(agent, OUT + "/manager.routable.env"), 60);

        assertThat(lines(agent, OUT + "/manager")).containsSubsequence(down, "routable");
        Map<String, String> env = env(lines(agent, OUT + "/manager.routable.env"));
        assertThat(env).containsEntry("STATE", "routable").containsEntry("OperationalState", "routable")
                .containsKey("GANTRY_EVENT_ID").doesNotContainKeys("LINK", "IFACE", "REPLAY");
        assertThat(env(lines(agent, OUT + "/manager." + down + ".env"))).containsEntry("STATE", down)
                .containsEntry("OperationalState", down);
        JsonNode runs = history(agent, "kind=script&limit=4096");
        List<String> manager = new ArrayList<>();
        runs.forEach(r -> {
            if (r.path("detail").path("script").asText().equals("manager.d/10-env")) {
                manager.add(r.hasNonNull("link") ? r.get("link").asText() : "no link");
                assertThat(r.path("detail").path("exitCode").asInt()).isZero();
            }
        });
        assertThat(manager).hasSizeGreaterThanOrEqualTo(2).containsOnly("no link");
        sh(agent, "ip link del gev5a");
    }

    @Test
    void dhclientLeaseFilesFireOnlyForTheInterfaceWhoseLeaseChanged(AgentBox agent) throws Exception {
        sh(agent, "ip link add gev3a type veth peer name gev3b && ip link add gev4a type veth peer name gev4b");
        String file = OUT + "/leases/dhclient.leases";
        agent.box().writeFile(file, lease("gev3a", "10.9.3.5") + lease("gev4a", "10.9.4.5"));
        script(agent, "routable", "10-lease", "echo \"$LINK $LINKINDEX $DHCP_LEASE\" >> " + OUT + "/lease.log");
        agent.configure("[Events]\nGenerator = \"dhclient\"\nLeaseFiles = \"" + OUT + "/leases/dhclient*.leases\"\n");
        // ReplayOnStart: both current leases once.
        eventually("the replayed leases", () -> lines(agent, OUT + "/lease.log").size() == 2, 30);
        // Different links run in parallel: the two lines may come in either order.
        assertThat(lines(agent, OUT + "/lease.log")).containsExactlyInAnyOrder(
                "gev3a " + ifindex(agent, "gev3a") + " ADDRESS=10.9.3.5 SUBNETMASK=255.255.255.0 ROUTER=10.9.3.1 DNS=10.9.3.2,10.9.3.3 DOMAIN=gev3a.example",
                "gev4a " + ifindex(agent, "gev4a") + " ADDRESS=10.9.4.5 SUBNETMASK=255.255.255.0 ROUTER=10.9.4.1 DNS=10.9.4.2,10.9.4.3 DOMAIN=gev4a.example");
        sh(agent, "rm " + OUT + "/lease.log");

        // dhclient appends a block for a renewed lease: only gev4a's changed.
        agent.box().writeFile(file, lease("gev3a", "10.9.3.5") + lease("gev4a", "10.9.4.5") + lease("gev4a", "10.9.4.6"));
        eventually("gev4a's new lease", () -> exists(agent, OUT + "/lease.log"), 30);
        Thread.sleep(2500); // a second scan interval, for a wrong gev3a run to show up
        assertThat(lines(agent, OUT + "/lease.log")).containsExactly("gev4a " + ifindex(agent, "gev4a")
                + " ADDRESS=10.9.4.6 SUBNETMASK=255.255.255.0 ROUTER=10.9.4.1 DNS=10.9.4.2,10.9.4.3 DOMAIN=gev4a.example");
        JsonNode leases = history(agent, "kind=lease");
        assertThat(leases.get(0).path("link").asText()).isEqualTo("gev4a");
        assertThat(leases.get(0).path("detail").path("address").asText()).isEqualTo("10.9.4.6");
        assertThat(leases).hasSize(3);

        var bad = agent.http().get("/api/v1/network/events?kind=nonsense");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("nonsense");
        sh(agent, "ip link del gev3a && ip link del gev4a");
        agent.configure("[System]\nLogLevel = \"info\"\n");
    }

    private static String lease(String iface, String address) {
        String net = address.substring(0, address.lastIndexOf('.'));
        return "lease {\n  interface \"" + iface + "\";\n  fixed-address " + address + ";\n"
                + "  option subnet-mask 255.255.255.0;\n  option routers " + net + ".1;\n"
                + "  option domain-name-servers " + net + ".2," + net + ".3;\n"
                + "  option domain-name \"" + iface + ".example\";\n  renew 2 2026/12/08 10:00:00;\n}\n";
    }
}
