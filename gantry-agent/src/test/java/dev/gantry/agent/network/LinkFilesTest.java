package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.backend.dbus.network.Networkd;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The .link file routes in memory against a temporary directory, with a recording stand-in for
 * udev (the host's links are only read, never set up). That udev really applies the file is
 * LinkFilesIT's, in a box.
 */
class LinkFilesTest extends NetworkdFileRoutesTest {
    private static final String API = "/api/v1/network/linkfiles/";
    private final List<String> applied = new ArrayList<>();

    @Override
    NetworkModule module(Rtnl rtnl, Networkd networkd) {
        return new NetworkModule(rtnl, networkd, dir, link -> {
            applied.add(link);
            return Optional.of(dir.resolve("50-gantry-lo-tune.link").toString());
        });
    }

    private static final String BODY = "{\"Match\":{\"OriginalName\":[\"lo\"]},\"Link\":{\"Description\":\"loopback\","
            + "\"NamePolicy\":\"kernel database\",\"AlternativeName\":[\"loop0\",\"loop1\"],\"MTUBytes\":\"60000\","
            + "\"TransmitChecksumOffload\":false,\"RxBufferSize\":\"max\",\"TxCoalesceSec\":\"10us\"}}";

    private List<String> listing() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putWritesTheFileAppliesItToTheLinksItNamesAndGetReadsItBack() throws Exception {
        Answer put = call("PUT", API + "lo-tune", BODY);
        assertThat(put.status()).isEqualTo(200);
        Path file = dir.resolve("50-gantry-lo-tune.link");
        assertThat(Files.readString(file)).isEqualTo("""
                # Written by gantryd (PUT /api/v1/network/linkfiles/lo-tune); edits here are replaced by the next PUT.

                [Match]
                OriginalName=lo

                [Link]
                Description=loopback
                NamePolicy=kernel database
                AlternativeName=loop0
                AlternativeName=loop1
                MTUBytes=60000
                TransmitChecksumOffload=no
                RxBufferSize=max
                TxCoalesceSec=10us
                """);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(applied).containsExactly("lo");
        assertThat(put.json().get("links")).isEqualTo(Json.mapper().readTree("[{\"link\":\"lo\",\"linkFile\":\""
                + file + "\",\"source\":\"udev\"}]"));
        assertThat(calls).isEmpty();

        Answer get = call("GET", API + "lo-tune", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("file")).isEqualTo(Json.mapper().readTree(BODY));
        assertThat(get.json().get("path").asText()).isEqualTo(file.toString());
        assertThat(get.json().get("links")).isEmpty();
        Answer list = call("GET", "/api/v1/network/linkfiles", null);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("name").asText()).isEqualTo("lo-tune");
    }

    @Test
    void getNamesTheLinksWhoseLinkFileNetworkdReportsAsThisFile() throws Exception {
        call("PUT", API + "lo-tune", BODY);
        int lo = rtnl.link("lo").orElseThrow().index();
        networkdLinks = Optional.of(Map.of(lo, new Resolved.LinkState("unmanaged", "carrier", "carrier", "off", null,
                dir.resolve("50-gantry-lo-tune.link").toString())));
        Answer get = call("GET", API + "lo-tune", null);
        assertThat(get.json().get("links")).isEqualTo(Json.mapper().readTree("[{\"link\":\"lo\",\"linkFile\":\""
                + dir.resolve("50-gantry-lo-tune.link") + "\",\"source\":\"networkd\"}]"));
    }

    @Test
    void aFileNamingLinksByMacAddressIsAppliedToThemAndOneByDriverOnlyToNone() throws Exception {
        String loMac = rtnl.link("lo").orElseThrow().mac();
        assertThat(call("PUT", API + "by-mac", "{\"Match\":{\"MACAddress\":\"" + loMac + "\",\"Kind\":\"none-such\"},"
                + "\"Link\":{\"MTUBytes\":\"1500\"}}").status()).isEqualTo(200);
        assertThat(applied).isEmpty();
        assertThat(call("PUT", API + "by-mac", "{\"Match\":{\"MACAddress\":\"" + loMac + "\"},"
                + "\"Link\":{\"MTUBytes\":\"1500\"}}").status()).isEqualTo(200);
        assertThat(applied).containsExactly("lo");
        Answer byDriver = call("PUT", API + "by-driver", "{\"Match\":{\"Driver\":\"veth\"},\"Link\":{\"MTUBytes\":\"1500\"}}");
        assertThat(byDriver.status()).isEqualTo(200);
        assertThat(byDriver.json().get("links")).isEmpty();
        assertThat(applied).containsExactly("lo");
    }

    @Test
    void anOriginalNameListStartingWithABangNamesTheLinksItDoesNotMatch() throws Exception {
        assertThat(call("PUT", API + "not-lo", "{\"Match\":{\"OriginalName\":[\"!l?\",\"nothing*\"]},"
                + "\"Link\":{\"MTUBytes\":\"1500\"}}").status()).isEqualTo(200);
        assertThat(applied).doesNotContain("lo");
        List<String> others = rtnl.links().stream().map(l -> l.name()).filter(n -> !n.equals("lo")).toList();
        assertThat(applied).containsExactlyElementsOf(others);
    }

    @Test
    void badInputIsA400NamingTheFieldAndChangesNoFile() throws Exception {
        call("PUT", API + "lo-tune", BODY);
        String before = Files.readString(dir.resolve("50-gantry-lo-tune.link"));
        applied.clear();
        Map<String, String> bodies = Map.of(
                "Netdev", "{\"Netdev\":{\"Name\":\"x\"}}",
                "Link.Bogus", "{\"Link\":{\"Bogus\":1}}",
                "Link.MTUBytes", "{\"Link\":{\"MTUBytes\":\"a lot\"}}",
                "Link.TransmitChecksumOffload", "{\"Link\":{\"TransmitChecksumOffload\":\"maybe\"}}",
                "Link.NamePolicy", "{\"Link\":{\"NamePolicy\":\"kernel bogus\"}}",
                "Link.MACAddress", "{\"Link\":{\"MACAddress\":\"02:00:00:00:00\"}}",
                "Link.RxChannels", "{\"Link\":{\"RxChannels\":0}}",
                "Match.OriginalName[0]", "{\"Match\":{\"OriginalName\":[\"en/0\"]}}",
                "Link.Name", "{\"Link\":{\"Name\":\"much-too-long-name0\"}}");
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            Answer a = call("PUT", API + "lo-tune", e.getValue());
            assertThat(a.status()).as(e.getKey()).isEqualTo(400);
            assertThat(a.json().get("errors").get(0).get("field").asText()).as(e.getKey()).isEqualTo(e.getKey());
        }
        for (String name : List.of("..", "a..b", ".", "x%2Fy")) {
            Answer a = call("PUT", API + name, BODY);
            assertThat(a.status()).as(name).isEqualTo(400);
            assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
            assertThat(call("DELETE", API + name, null).status()).as(name).isEqualTo(400);
        }
        assertThat(listing()).containsExactly("50-gantry-lo-tune.link");
        assertThat(Files.readString(dir.resolve("50-gantry-lo-tune.link"))).isEqualTo(before);
        assertThat(applied).isEmpty();
        assertThat(call("GET", API + "absent", null).status()).isEqualTo(404);
        assertThat(call("DELETE", API + "absent", null).status()).isEqualTo(404);
    }

    @Test
    void dryRunsAnswerTheFileAndDiffAndChangeNothing() throws Exception {
        call("PUT", API + "lo-tune", BODY);
        Path file = dir.resolve("50-gantry-lo-tune.link");
        String before = Files.readString(file);
        applied.clear();
        Answer put = call("PUT", API + "lo-tune?dryRun=true", BODY.replace("60000", "9000"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("content").asText()).contains("MTUBytes=9000\n");
        assertThat(put.json().get("diff").asText()).contains("--- a" + file + "\n+++ b" + file + "\n",
                "-MTUBytes=60000\n+MTUBytes=9000\n");
        Answer del = call("DELETE", API + "lo-tune?dryRun=true", null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(del.json().has("content")).isFalse();
        assertThat(del.json().get("diff").asText()).contains("+++ /dev/null\n", "-MTUBytes=60000\n");
        Answer fresh = call("PUT", API + "new-one?dryRun=true", BODY);
        assertThat(fresh.json().get("diff").asText()).startsWith("--- /dev/null\n");
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("50-gantry-lo-tune.link");
        assertThat(applied).isEmpty();
    }

    @Test
    void deleteRemovesTheFileAndSetsUpTheLinksItNamedAgain() throws Exception {
        call("PUT", API + "lo-tune", BODY);
        applied.clear();
        Answer del = call("DELETE", API + "lo-tune", null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(listing()).isEmpty();
        assertThat(applied).containsExactly("lo");
        assertThat(del.json().get("links").get(0).get("link").asText()).isEqualTo("lo");
    }

    @Test
    void udevsPropertiesNameTheAppliedFile() {
        assertThat(LinkSetup.Udevadm.linkFile("ID_NET_DRIVER=veth\nID_NET_LINK_FILE=/etc/systemd/network/50-gantry-x.link\n"
                + "ID_NET_NAME=lfa\n")).contains("/etc/systemd/network/50-gantry-x.link");
        assertThat(LinkSetup.Udevadm.linkFile("ID_NET_DRIVER=veth\n")).isEmpty();
    }
}
