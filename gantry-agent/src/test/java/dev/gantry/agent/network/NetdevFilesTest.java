package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .netdev routes in memory against a temporary directory and a recording stand-in for
 * networkd (no bus, the host untouched; rtnetlink is only read, for lo's ifindex). That networkd
 * really creates the links is NetdevIT's, in a box.
 */
class NetdevFilesTest extends NetworkdFileRoutesTest {
    private List<String> listing() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static final String BRIDGE = "{\"NetDev\":{\"Name\":\"gtu-br0\",\"Kind\":\"bridge\"},"
            + "\"Bridge\":{\"STP\":false,\"Priority\":100},\"parent\":\"lo\"}";

    @Test
    void postWritesTheNetdevAndTheMembersKeyInTheParentsNetworkFile() throws Exception {
        Answer post = call("POST", "/api/v1/network/netdevs", BRIDGE);
        assertThat(post.status()).isEqualTo(201);
        Path netdev = dir.resolve("50-gantry-gtu-br0.netdev");
        assertThat(Files.readString(netdev)).contains("[NetDev]\nName=gtu-br0\nKind=bridge\n",
                "[Bridge]\nSTP=no\nPriority=100\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(netdev))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(dir.resolve("50-gantry-lo.network")))
                .contains("[Match]\nName=lo\n", "[Network]\nBridge=gtu-br0\n");
        int lo = rtnl.link("lo").orElseThrow().index();
        assertThat(calls).containsExactly("ping", "reload " + lo);
        assertThat(post.json().get("parent").asText()).isEqualTo("lo");
        assertThat(post.json().get("kind").asText()).isEqualTo("bridge");

        Answer get = call("GET", "/api/v1/network/netdevs/gtu-br0", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("netdev")).isEqualTo(Json.mapper().readTree(
                "{\"NetDev\":{\"Name\":\"gtu-br0\",\"Kind\":\"bridge\"},\"Bridge\":{\"STP\":false,\"Priority\":100}}"));
        assertThat(get.json().get("parent").asText()).isEqualTo("lo");
        Answer list = call("GET", "/api/v1/network/netdevs", null);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("name").asText()).isEqualTo("gtu-br0");

        assertThat(call("POST", "/api/v1/network/netdevs", BRIDGE).status()).isEqualTo(409);
    }

    @Test
    void macvlanParentKeyIsAddedToAnExistingNetworkFileAndRemovedOnDelete() throws Exception {
        assertThat(call("PUT", "/api/v1/network/networks/lo", "{\"Network\":{\"Address\":[\"10.70.0.1/24\"]}}")
                .status()).isEqualTo(200);
        String mv = "{\"NetDev\":{\"Name\":\"gtu-mv0\",\"Kind\":\"macvlan\"},\"MACVLAN\":{\"Mode\":\"bridge\"},"
                + "\"parent\":\"lo\"}";
        assertThat(call("PUT", "/api/v1/network/netdevs/gtu-mv0", mv).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("50-gantry-lo.network")))
                .contains("Address=10.70.0.1/24\n", "MACVLAN=gtu-mv0\n");
        calls.clear();

        Answer dry = call("DELETE", "/api/v1/network/netdevs/gtu-mv0?dryRun=true", null);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("files")).hasSize(2);
        assertThat(dry.json().get("files").get(1).get("diff").asText()).contains("-MACVLAN=gtu-mv0");
        assertThat(listing()).containsExactly("50-gantry-gtu-mv0.netdev", "50-gantry-lo.network");
        assertThat(calls).isEmpty();

        assertThat(call("DELETE", "/api/v1/network/netdevs/gtu-mv0", null).status()).isEqualTo(204);
        assertThat(listing()).containsExactly("50-gantry-lo.network");
        assertThat(Files.readString(dir.resolve("50-gantry-lo.network")))
                .contains("Address=10.70.0.1/24\n").doesNotContain("MACVLAN");
        assertThat(call("DELETE", "/api/v1/network/netdevs/gtu-mv0", null).status()).isEqualTo(404);
    }

    @Test
    void putMovesTheParentKeyToTheNewParent() throws Exception {
        String vlan = "{\"NetDev\":{\"Name\":\"gtu-v5\",\"Kind\":\"vlan\"},\"VLAN\":{\"Id\":5},\"parent\":\"%s\"}";
        assertThat(call("PUT", "/api/v1/network/netdevs/gtu-v5", vlan.formatted("gtu-a")).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("50-gantry-gtu-a.network"))).contains("VLAN=gtu-v5\n");
        Answer dry = call("PUT", "/api/v1/network/netdevs/gtu-v5?dryRun=true", vlan.formatted("gtu-b"));
        assertThat(dry.json().get("files")).hasSize(2);
        assertThat(call("PUT", "/api/v1/network/netdevs/gtu-v5", vlan.formatted("gtu-b")).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("50-gantry-gtu-b.network"))).contains("VLAN=gtu-v5\n");
        assertThat(Files.readString(dir.resolve("50-gantry-gtu-a.network"))).doesNotContain("VLAN=");
        // Same parent, another kind: the old kind's key goes, the new one's comes, in one edit.
        String mv = "{\"NetDev\":{\"Name\":\"gtu-v5\",\"Kind\":\"macvlan\"},\"parent\":\"gtu-b\"}";
        assertThat(call("PUT", "/api/v1/network/netdevs/gtu-v5", mv).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("50-gantry-gtu-b.network"))).contains("MACVLAN=gtu-v5\n")
                .doesNotContain("\nVLAN=");
        // No parent: PUT replaces, so the key goes.
        String bare = "{\"NetDev\":{\"Name\":\"gtu-v5\",\"Kind\":\"macvlan\"}}";
        assertThat(call("PUT", "/api/v1/network/netdevs/gtu-v5", bare).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("50-gantry-gtu-b.network"))).doesNotContain("MACVLAN=");
    }

    @Test
    void dryRunPostShowsBothFilesAndWritesNothing() throws Exception {
        Answer dry = call("POST", "/api/v1/network/netdevs?dryRun=true", BRIDGE);
        assertThat(dry.status()).isEqualTo(200);
        JsonNode files = dry.json().get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("path").asText()).isEqualTo(dir.resolve("50-gantry-gtu-br0.netdev").toString());
        assertThat(files.get(0).get("diff").asText()).contains("+Kind=bridge");
        assertThat(files.get(1).get("diff").asText()).contains("+Bridge=gtu-br0");
        assertThat(listing()).isEmpty();
        assertThat(calls).isEmpty();
    }

    private static final String WG_KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

    @Test
    void wireguardPrivateKeyIsMaskedInEveryAnswerButWrittenToTheFile() throws Exception {
        String wg = "{\"NetDev\":{\"Name\":\"gtu-wg0\",\"Kind\":\"wireguard\"},\"WireGuard\":{\"PrivateKey\":\""
                + WG_KEY + "\",\"ListenPort\":51820},\"WireGuardPeer\":[{\"PublicKey\":\"" + WG_KEY
                + "\",\"AllowedIPs\":[\"10.9.0.0/24\"],\"Endpoint\":\"192.0.2.1:51820\"}]}";
        Answer dry = call("PUT", "/api/v1/network/netdevs/gtu-wg0?dryRun=true", wg);
        assertThat(dry.status()).isEqualTo(200);
        String dryText = dry.json().toString();
        assertThat(dryText).contains("PrivateKey=(hidden)");
        assertThat(dryText.replace("PublicKey=" + WG_KEY, "")).doesNotContain(WG_KEY);
        // The test runs as root, where group systemd-network may not exist on this host: the write is a box test's.
        boolean hasGroup = Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("systemd-network:"));
        Answer put = call("PUT", "/api/v1/network/netdevs/gtu-wg0", wg);
        if (!hasGroup) {
            assertThat(put.status()).isEqualTo(500);
            return;
        }
        assertThat(put.status()).isEqualTo(200);
        Path file = dir.resolve("50-gantry-gtu-wg0.netdev");
        assertThat(Files.readString(file)).contains("PrivateKey=" + WG_KEY, "[WireGuardPeer]\nPublicKey=" + WG_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(NetdevFiles.gid("systemd-network"));
        Answer get = call("GET", "/api/v1/network/netdevs/gtu-wg0", null);
        assertThat(get.json().get("netdev").get("WireGuard").get("PrivateKey").asText()).isEqualTo("(hidden)");
        assertThat(get.json().get("content").asText()).contains("PrivateKey=(hidden)").doesNotContain("PrivateKey=" + WG_KEY);
        assertThat(get.json().get("netdev").get("WireGuardPeer").get(0).get("PublicKey").asText()).isEqualTo(WG_KEY);
    }

    @Test
    void badInputIs400NamingTheFieldAndWritesNothing() throws Exception {
        Answer unknownKey = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"bridge\"},\"Bridge\":{\"STPP\":true}}");
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(unknownKey.json().get("errors").get(0).get("field").asText()).isEqualTo("Bridge.STPP");
        Answer unknownSection = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"bridge\"},\"Brdge\":{\"STP\":true}}");
        assertThat(unknownSection.json().get("errors").get(0).get("field").asText()).isEqualTo("Brdge");
        Answer mismatch = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-y\",\"Kind\":\"bridge\"}}");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().get("errors").get(0).get("field").asText()).isEqualTo("NetDev.Name");
        Answer kind = call("PUT", "/api/v1/network/netdevs/gtu-x", "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"dummyx\"}}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.json().get("errors").get(0).get("field").asText()).isEqualTo("NetDev.Kind");
        Answer wrongSection = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"bridge\"},\"VLAN\":{\"Id\":3}}");
        assertThat(wrongSection.json().get("errors").get(0).get("field").asText()).isEqualTo("VLAN");
        Answer vlanId = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"vlan\"},\"VLAN\":{\"Id\":4095}}");
        assertThat(vlanId.json().get("errors").get(0).get("field").asText()).isEqualTo("VLAN.Id");
        Answer noParent = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"tap\"},\"parent\":\"lo\"}");
        assertThat(noParent.json().get("errors").get(0).get("field").asText()).isEqualTo("parent");
        Answer badParent = call("PUT", "/api/v1/network/netdevs/gtu-x",
                "{\"NetDev\":{\"Name\":\"gtu-x\",\"Kind\":\"vlan\"},\"VLAN\":{\"Id\":3},\"parent\":\"../x\"}");
        assertThat(badParent.json().get("errors").get(0).get("field").asText()).isEqualTo("parent");
        Answer slash = call("POST", "/api/v1/network/netdevs", "{\"NetDev\":{\"Name\":\"a/b\",\"Kind\":\"bridge\"}}");
        assertThat(slash.status()).isEqualTo(400);
        assertThat(slash.json().get("errors").get(0).get("field").asText()).isEqualTo("NetDev.Name");
        Answer dots = call("POST", "/api/v1/network/netdevs", "{\"NetDev\":{\"Name\":\"..\",\"Kind\":\"bridge\"}}");
        assertThat(dots.status()).isEqualTo(400);
        assertThat(call("PUT", "/api/v1/network/netdevs/..", BRIDGE).status()).isEqualTo(400);
        assertThat(listing()).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void keyTableRenderAndParseRoundTrip() throws Exception {
        JsonNode body = Json.mapper().readTree("{\"NetDev\":{\"Name\":\"v0\",\"Kind\":\"vxlan\",\"MTUBytes\":\"1450\"},"
                + "\"VXLAN\":{\"VNI\":42,\"Remote\":\"192.0.2.9\",\"DestinationPort\":4789,\"MacLearning\":true}}");
        dev.gantry.common.http.Violations v = new dev.gantry.common.http.Violations();
        NetworkFile.validate(NetdevKeys.NETDEV, body, v);
        assertThat(v.isEmpty()).isTrue();
        String text = NetworkFile.render(NetdevKeys.NETDEV, body, null);
        assertThat(text).isEqualTo("[NetDev]\nName=v0\nKind=vxlan\nMTUBytes=1450\n\n[VXLAN]\nVNI=42\nRemote=192.0.2.9\n"
                + "DestinationPort=4789\nMacLearning=yes\n");
        assertThat(NetworkFile.parse(NetdevKeys.NETDEV, text)).isEqualTo(body);
        NetworkFile.validate(NetdevKeys.NETDEV, Json.mapper().readTree(
                "{\"VXLAN\":{\"VNI\":16777216},\"WireGuard\":{\"PrivateKey\":\"short\"},\"Network\":{\"DHCP\":\"yes\"}}"), v);
        assertThat(v.isEmpty()).isFalse();
        assertThat(NetdevKeys.NETDEV.section("Network")).isEmpty();
    }

    @Test
    void editParentAddsAndRemovesListAndSingleKeys() {
        String withVlans = NetdevFiles.editParent(NetdevFiles.editParent(null, "eth9", "vlan", "v1", true),
                "eth9", "vlan", "v2", true);
        assertThat(withVlans).contains("[Match]\nName=eth9\n", "[Network]\nVLAN=v1\nVLAN=v2\n");
        String one = NetdevFiles.editParent(withVlans, "eth9", "vlan", "v1", false);
        assertThat(one).contains("VLAN=v2\n").doesNotContain("VLAN=v1");
        assertThat(NetdevFiles.editParent(one, "eth9", "vlan", "v2", false)).doesNotContain("[Network]");
        assertThat(NetdevFiles.editParent(null, "eth9", "bond", "bond0", true)).contains("[Network]\nBond=bond0\n");
        assertThat(NetdevFiles.editParent(null, "eth9", "tun", "t0", true)).isNull();
        assertThat(NetdevFiles.mask("[WireGuard]\nPrivateKey = abc\nListenPort=1\n"))
                .isEqualTo("[WireGuard]\nPrivateKey =(hidden)\nListenPort=1\n");
    }
}
