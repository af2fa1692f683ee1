package dev.gantry.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code /network/netdevs} of the installed agent (user gantry) in a box with systemd-networkd
 * running: the .netdev and parent .network files on disk, and what networkd and the kernel made of
 * them ({@code ip -j link}, {@code networkctl list}, networkd's journal). The box's kernel has no
 * vlan, bond, ipvlan, wireguard or dummy support: for those only the files and networkd's report are
 * checked, in tests named for that limit.
 */
@WithAgentBox
class NetdevIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private static final String API = "/api/v1/network/netdevs";
    private static final String DIR = "/etc/systemd/network/";

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void sh(AgentBox agent, String... argv) {
        agent.box().exec(argv).orThrow();
    }

    private static void vethWithNetworkd(AgentBox agent, String a, String b) {
        sh(agent, "systemctl", "start", "systemd-networkd");
        sh(agent, "ip", "link", "add", a, "type", "veth", "peer", "name", b);
        sh(agent, "ip", "link", "set", b, "up");
    }

    private static String file(AgentBox agent, String name) {
        var r = agent.box().exec("cat", DIR + "50-gantry-" + name);
        return r.succeeded() ? r.stdout() : null;
    }

    private static String listing(AgentBox agent) {
        return agent.box().exec("ls", "-la", "--time-style=full-iso", DIR).stdout();
    }

    /** The link's kind as {@code ip -j -d link show} reports it, or "absent". */
    private static String kind(AgentBox agent, String link) {
        var r = agent.box().exec("ip", "-j", "-d", "link", "show", link);
        if (!r.succeeded()) {
            return "absent";
        }
        try {
            return JSON.readTree(r.stdout()).get(0).path("linkinfo").path("info_kind").asText("none");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean networkctlLists(AgentBox agent, String link) {
        return agent.box().exec("networkctl", "list", "--no-pager", "--no-legend").orThrow().stdout().lines()
                .anyMatch(l -> l.trim().split("\\s+").length > 1 && l.trim().split("\\s+")[1].equals(link));
    }

    private static <T> T eventually(Supplier<T> read, T expected) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        T value = read.get();
        while (!expected.equals(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }

    private static String journal(AgentBox agent) {
        return agent.box().exec("journalctl", "-u", "systemd-networkd", "--no-pager", "-o", "cat").stdout();
    }

    @Test
    void bridgeWithAVethMemberIsCreatedByNetworkdAndDeleteRemovesFileKeyAndLink(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-p", "gt-q");
        AgentHttp.Response r = agent.http().post(API,
                "{\"NetDev\":{\"Name\":\"gt-br0\",\"Kind\":\"bridge\"},\"Bridge\":{\"STP\":false},\"parent\":\"gt-q\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-br0.netdev")).contains("[NetDev]\nName=gt-br0\nKind=bridge\n", "[Bridge]\nSTP=no\n");
        assertThat(file(agent, "gt-q.network")).contains("[Match]\nName=gt-q\n", "[Network]\nBridge=gt-br0\n");
        assertThat(agent.box().exec("stat", "-c", "%a %U", DIR + "50-gantry-gt-br0.netdev").orThrow().stdout().strip())
                .isEqualTo("644 gantry");

        assertThat(eventually(() -> kind(agent, "gt-br0"), "bridge")).isEqualTo("bridge");
        assertThat(eventually(() -> networkctlLists(agent, "gt-br0"), true)).isTrue();
        // The member key took effect: networkd enslaved gt-q to the bridge.
        assertThat(eventually(() -> {
            var out = agent.box().exec("ip", "-j", "link", "show", "gt-q").stdout();
            return out.contains("\"master\":\"gt-br0\"");
        }, true)).isTrue();

        AgentHttp.Response get = agent.http().get(API + "/gt-br0");
        assertThat(get.status()).isEqualTo(200);
        assertThat(json(get).get("parent").asText()).isEqualTo("gt-q");
        assertThat(json(get).get("netdev").get("NetDev").get("Kind").asText()).isEqualTo("bridge");

        AgentHttp.Response del = agent.http().delete(API + "/gt-br0");
        assertThat(del.status()).as(del.body()).isEqualTo(204);
        assertThat(file(agent, "gt-br0.netdev")).isNull();
        assertThat(file(agent, "gt-q.network")).doesNotContain("Bridge=");
        assertThat(kind(agent, "gt-br0")).isEqualTo("absent");
        assertThat(agent.http().get(API + "/gt-br0").status()).isEqualTo(404);
    }

    @Test
    void macvlanOnAVethParentIsCreatedAndDryRunChangesNothing(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-m", "gt-n");
        String body = "{\"NetDev\":{\"Name\":\"gt-mv0\",\"Kind\":\"macvlan\"},\"MACVLAN\":{\"Mode\":\"bridge\"},"
                + "\"parent\":\"gt-m\"}";
        String before = listing(agent);
        AgentHttp.Response dry = agent.http().post(API + "?dryRun=true", body);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).get("files")).hasSize(2);
        assertThat(json(dry).get("files").get(1).get("diff").asText()).contains("+MACVLAN=gt-mv0");
        assertThat(listing(agent)).isEqualTo(before);
        assertThat(kind(agent, "gt-mv0")).isEqualTo("absent");

        AgentHttp.Response r = agent.http().post(API, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-m.network")).contains("[Match]\nName=gt-m\n", "MACVLAN=gt-mv0\n");
        assertThat(eventually(() -> kind(agent, "gt-mv0"), "macvlan")).isEqualTo("macvlan");
        assertThat(eventually(() -> networkctlLists(agent, "gt-mv0"), true)).isTrue();

        AgentHttp.Response del = agent.http().delete(API + "/gt-mv0");
        assertThat(del.status()).as(del.body()).isEqualTo(204);
        assertThat(file(agent, "gt-mv0.netdev")).isNull();
        assertThat(file(agent, "gt-m.network")).doesNotContain("MACVLAN");
        assertThat(kind(agent, "gt-mv0")).isEqualTo("absent");
    }

    @Test
    void vlanKernelLacksTheTypeSoOnlyTheFilesAreChecked(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-v", "gt-w");
        AgentHttp.Response r = agent.http().send("PUT", API + "/gt-vl10", JSON_BODY,
                "{\"NetDev\":{\"Name\":\"gt-vl10\",\"Kind\":\"vlan\"},\"VLAN\":{\"Id\":10},\"parent\":\"gt-v\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(file(agent, "gt-vl10.netdev")).contains("[NetDev]\nName=gt-vl10\nKind=vlan\n", "[VLAN]\nId=10\n");
        assertThat(file(agent, "gt-v.network")).contains("[Match]\nName=gt-v\n", "[Network]\nVLAN=gt-vl10\n");
        // networkd read both files: configuring the parent it tried to create the stacked VLAN, and the
        // kernel refused the type (as networkd logs it on the parent's line).
        assertThat(eventually(() -> journal(agent).contains(
                "gt-v: Could not create stacked netdev: Unknown device type. Operation not supported"), true))
                .as(journal(agent)).isTrue();
        assertThat(kind(agent, "gt-vl10")).isEqualTo("absent");

        assertThat(agent.http().delete(API + "/gt-vl10").status()).isEqualTo(204);
        assertThat(file(agent, "gt-vl10.netdev")).isNull();
        assertThat(file(agent, "gt-v.network")).doesNotContain("VLAN=");
    }

    @Test
    void bondKernelLacksTheTypeSoOnlyTheFilesAreChecked(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-b1", "gt-b2");
        AgentHttp.Response r = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-bd0\",\"Kind\":\"bond\"},"
                + "\"Bond\":{\"Mode\":\"active-backup\",\"MIIMonitorSec\":\"1s\"},\"parent\":\"gt-b1\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-bd0.netdev")).contains("Kind=bond\n", "[Bond]\nMode=active-backup\nMIIMonitorSec=1s\n");
        assertThat(file(agent, "gt-b1.network")).contains("[Network]\nBond=gt-bd0\n");
        // networkd read the .netdev and tried to create the bond; the kernel refused the type.
        assertThat(eventually(() -> journal(agent).contains(
                "gt-bd0: netdev could not be created: Operation not supported"), true)).as(journal(agent)).isTrue();
        assertThat(kind(agent, "gt-bd0")).isEqualTo("absent");
        assertThat(agent.http().delete(API + "/gt-bd0").status()).isEqualTo(204);
        assertThat(file(agent, "gt-b1.network")).doesNotContain("Bond=");
    }

    @Test
    void badInputIs400AndWritesNothing(AgentBox agent) throws Exception {
        sh(agent, "systemctl", "start", "systemd-networkd");
        String before = listing(agent);
        String[][] cases = {
                {"POST", API, "{\"NetDev\":{\"Name\":\"gt-x\",\"Kind\":\"bridge\"},\"Bridge\":{\"STPP\":true}}", "Bridge.STPP"},
                {"PUT", API + "/gt-x", "{\"NetDev\":{\"Name\":\"gt-y\",\"Kind\":\"bridge\"}}", "NetDev.Name"},
                {"POST", API, "{\"NetDev\":{\"Name\":\"a/b\",\"Kind\":\"bridge\"}}", "NetDev.Name"},
                {"POST", API, "{\"NetDev\":{\"Name\":\"..\",\"Kind\":\"bridge\"}}", "NetDev.Name"},
                {"POST", API, "{\"NetDev\":{\"Name\":\"gt-x\",\"Kind\":\"nosuchkind\"}}", "NetDev.Kind"},
                {"POST", API, "{\"NetDev\":{\"Name\":\"gt-x\",\"Kind\":\"bridge\"},\"Bridg\":{\"STP\":true}}", "Bridg"},
        };
        for (String[] c : cases) {
            AgentHttp.Response r = agent.http().send(c[0], c[1], JSON_BODY, c[2]);
            assertThat(r.status()).as(c[2] + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("errors").get(0).get("field").asText()).as(c[2]).isEqualTo(c[3]);
        }
        for (String bad : new String[] {"%2E%2E", "a%2Fb"}) {
            AgentHttp.Response r = agent.http().send("PUT", API + "/" + bad, JSON_BODY,
                    "{\"NetDev\":{\"Name\":\"gt-x\",\"Kind\":\"bridge\"}}");
            assertThat(r.status()).as(bad).isEqualTo(400);
        }
        assertThat(listing(agent)).isEqualTo(before);
    }
}
