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
 * them ({@code ip -j link}, {@code networkctl list}, networkd's journal). The box's kernel makes
 * bridge, macvlan, vxlan, tun and tap links but has no vlan, bond, ipvlan, wireguard or dummy support
 * (checked with {@code ip link add} in a box): for those only the files and networkd's report are
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

    /** A field of the link's {@code linkinfo.info_data} as {@code ip -j -d link show} reports it. */
    private static String infoData(AgentBox agent, String link, String field) throws Exception {
        return JSON.readTree(agent.box().exec("ip", "-j", "-d", "link", "show", link).orThrow().stdout()).get(0)
                .path("linkinfo").path("info_data").path(field).asText();
    }

    @Test
    void vxlanOnAVethParentIsCreatedByNetworkdAndDeleteRemovesIt(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-x1", "gt-x2");
        AgentHttp.Response r = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-vx0\",\"Kind\":\"vxlan\"},"
                + "\"VXLAN\":{\"VNI\":42,\"DestinationPort\":4789},\"parent\":\"gt-x1\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-vx0.netdev")).contains("Kind=vxlan\n", "[VXLAN]\nVNI=42\nDestinationPort=4789\n");
        assertThat(file(agent, "gt-x1.network")).contains("[Match]\nName=gt-x1\n", "[Network]\nVXLAN=gt-vx0\n");
        assertThat(eventually(() -> kind(agent, "gt-vx0"), "vxlan")).isEqualTo("vxlan");
        assertThat(infoData(agent, "gt-vx0", "id")).isEqualTo("42");
        assertThat(infoData(agent, "gt-vx0", "port")).isEqualTo("4789");
        assertThat(eventually(() -> networkctlLists(agent, "gt-vx0"), true)).isTrue();

        AgentHttp.Response del = agent.http().delete(API + "/gt-vx0");
        assertThat(del.status()).as(del.body()).isEqualTo(204);
        assertThat(file(agent, "gt-vx0.netdev")).isNull();
        assertThat(file(agent, "gt-x1.network")).doesNotContain("VXLAN=");
        assertThat(kind(agent, "gt-vx0")).isEqualTo("absent");
    }

    @Test
    void tunAndTapAreCreatedByNetworkdWithTheirSettings(AgentBox agent) throws Exception {
        sh(agent, "systemctl", "start", "systemd-networkd");
        AgentHttp.Response tun = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-tun0\",\"Kind\":\"tun\"},"
                + "\"Tun\":{\"PacketInfo\":true}}");
        AgentHttp.Response tap = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-tap0\",\"Kind\":\"tap\"},"
                + "\"Tap\":{\"VNetHeader\":true}}");
        assertThat(tun.status()).as(tun.body()).isEqualTo(201);
        assertThat(tap.status()).as(tap.body()).isEqualTo(201);
        assertThat(file(agent, "gt-tun0.netdev")).contains("Kind=tun\n", "[Tun]\nPacketInfo=yes\n");
        assertThat(file(agent, "gt-tap0.netdev")).contains("Kind=tap\n", "[Tap]\nVNetHeader=yes\n");
        // Both are the kernel's "tun" kind; the type and flags tell them apart.
        assertThat(eventually(() -> kind(agent, "gt-tun0"), "tun")).isEqualTo("tun");
        assertThat(eventually(() -> kind(agent, "gt-tap0"), "tun")).isEqualTo("tun");
        assertThat(infoData(agent, "gt-tun0", "type")).isEqualTo("tun");
        assertThat(infoData(agent, "gt-tun0", "pi")).isEqualTo("true");
        assertThat(infoData(agent, "gt-tap0", "type")).isEqualTo("tap");
        assertThat(infoData(agent, "gt-tap0", "vnet_hdr")).isEqualTo("true");
        assertThat(eventually(() -> networkctlLists(agent, "gt-tun0") && networkctlLists(agent, "gt-tap0"), true))
                .isTrue();

        assertThat(agent.http().delete(API + "/gt-tun0").status()).isEqualTo(204);
        assertThat(agent.http().delete(API + "/gt-tap0").status()).isEqualTo(204);
        assertThat(kind(agent, "gt-tun0")).isEqualTo("absent");
        assertThat(kind(agent, "gt-tap0")).isEqualTo("absent");
        assertThat(file(agent, "gt-tun0.netdev")).isNull();
    }

    @Test
    void ipvlanKernelLacksTheTypeSoOnlyTheFilesAreChecked(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-i1", "gt-i2");
        AgentHttp.Response r = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-iv0\",\"Kind\":\"ipvlan\"},"
                + "\"IPVLAN\":{\"Mode\":\"L2\"},\"parent\":\"gt-i1\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-iv0.netdev")).contains("Kind=ipvlan\n", "[IPVLAN]\nMode=L2\n");
        assertThat(file(agent, "gt-i1.network")).contains("[Network]\nIPVLAN=gt-iv0\n");
        // networkd configured the parent and tried to create the stacked link; the kernel refused the type.
        assertThat(eventually(() -> journal(agent).contains(
                "gt-i1: Could not create stacked netdev: Unknown device type. Operation not supported"), true))
                .as(journal(agent)).isTrue();
        assertThat(kind(agent, "gt-iv0")).isEqualTo("absent");
        assertThat(agent.http().delete(API + "/gt-iv0").status()).isEqualTo(204);
        assertThat(file(agent, "gt-iv0.netdev")).isNull();
        assertThat(file(agent, "gt-i1.network")).doesNotContain("IPVLAN=");
    }

    @Test
    void wireguardKernelLacksTheTypeSoOnlyTheFilesAreChecked(AgentBox agent) throws Exception {
        sh(agent, "systemctl", "start", "systemd-networkd");
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        AgentHttp.Response r = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-wg0\",\"Kind\":\"wireguard\"},"
                + "\"WireGuard\":{\"PrivateKey\":\"" + key + "\",\"ListenPort\":51820},"
                + "\"WireGuardPeer\":[{\"PublicKey\":\"" + key + "\",\"AllowedIPs\":[\"10.9.0.0/24\"],"
                + "\"Endpoint\":\"192.0.2.1:51820\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("PrivateKey=" + key).contains("PrivateKey=(hidden)");
        assertThat(file(agent, "gt-wg0.netdev")).contains("Kind=wireguard\n", "PrivateKey=" + key + "\n",
                "[WireGuardPeer]\nPublicKey=" + key + "\nAllowedIPs=10.9.0.0/24\nEndpoint=192.0.2.1:51820\n");
        assertThat(agent.box().exec("stat", "-c", "%a %G", DIR + "50-gantry-gt-wg0.netdev").orThrow().stdout().strip())
                .isEqualTo("640 systemd-network");
        // networkd read the file (no complaint about its mode) and tried to create the link; the kernel
        // has no wireguard.
        assertThat(eventually(() -> journal(agent).contains(
                "gt-wg0: netdev could not be created: Operation not supported"), true)).as(journal(agent)).isTrue();
        // networkd warns "<file> has 0644 mode that is too permissive" of a world-readable file with a key.
        assertThat(journal(agent)).doesNotContain("50-gantry-gt-wg0.netdev has");
        assertThat(kind(agent, "gt-wg0")).isEqualTo("absent");
        assertThat(agent.http().delete(API + "/gt-wg0").status()).isEqualTo(204);
        assertThat(file(agent, "gt-wg0.netdev")).isNull();
    }

    @Test
    void dummyKernelLacksTheTypeSoOnlyTheFilesAreChecked(AgentBox agent) throws Exception {
        sh(agent, "systemctl", "start", "systemd-networkd");
        AgentHttp.Response r = agent.http().post(API, "{\"NetDev\":{\"Name\":\"gt-dm0\",\"Kind\":\"dummy\","
                + "\"MTUBytes\":\"1400\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(file(agent, "gt-dm0.netdev")).contains("[NetDev]\nName=gt-dm0\nKind=dummy\nMTUBytes=1400\n");
        assertThat(eventually(() -> journal(agent).contains(
                "gt-dm0: netdev could not be created: Operation not supported"), true)).as(journal(agent)).isTrue();
        assertThat(kind(agent, "gt-dm0")).isEqualTo("absent");
        assertThat(agent.http().delete(API + "/gt-dm0").status()).isEqualTo(204);
        assertThat(file(agent, "gt-dm0.netdev")).isNull();
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
