package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Violations;
import dev.gantry.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key table's validation, rendering to INI and parsing back. */
class NetworkFileTest {
    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    /** The field paths of every violation of {@code body}. */
    private static List<String> violations(String body) throws Exception {
        Violations v = new Violations();
        NetworkFile.validate(json(body), v);
        List<String> fields = new ArrayList<>();
        try {
            v.throwIfAny();
        } catch (ApiException e) {
            e.toProblem("/x").errors().forEach(err -> fields.add(err.field()));
        }
        return fields;
    }

    @Test
    void unknownSectionsAndKeysAreNamedByTheirPath() throws Exception {
        assertThat(violations("{\"Netwrk\":{\"DNS\":[\"1.1.1.1\"]}}")).containsExactly("Netwrk");
        assertThat(violations("{\"Network\":{\"DNSS\":[\"1.1.1.1\"]}}")).containsExactly("Network.DNSS");
        assertThat(violations("{\"Route\":[{\"Gateway\":\"10.0.0.1\"},{\"Gatway\":\"10.0.0.1\"}]}"))
                .containsExactly("Route[1].Gatway");
    }

    @Test
    void valuesAreCheckedByTheirType() throws Exception {
        assertThat(violations("{\"Address\":[{\"Address\":\"10.0.0.1/33\"}]}")).containsExactly("Address[0].Address");
        assertThat(violations("{\"Address\":[{\"Address\":\"10.0.0.1\"}]}")).containsExactly("Address[0].Address");
        assertThat(violations("{\"Network\":{\"DNS\":[\"1.1.1.1\",\"not-an-ip\"]}}")).containsExactly("Network.DNS[1]");
        assertThat(violations("{\"Network\":{\"DHCP\":\"maybe\"}}")).containsExactly("Network.DHCP");
        assertThat(violations("{\"Network\":{\"IPv6AcceptRA\":\"perhaps\"}}")).containsExactly("Network.IPv6AcceptRA");
        assertThat(violations("{\"Link\":{\"Group\":-1}}")).containsExactly("Link.Group");
        assertThat(violations("{\"Link\":{\"MACAddress\":\"02:00:00:00:00\"}}")).containsExactly("Link.MACAddress");
        assertThat(violations("{\"Network\":{\"Description\":\"two\\nlines\"}}")).containsExactly("Network.Description");
        assertThat(violations("{\"Network\":{\"Bridge\":[\"br0\"]}}")).containsExactly("Network.Bridge");
        assertThat(violations("{\"Route\":{\"Gateway\":\"10.0.0.1\"}}")).containsExactly("Route");
        assertThat(violations("{\"Network\":{\"DNS\":[]}}")).containsExactly("Network.DNS");
        assertThat(violations("[]")).containsExactly("$");
    }

    @Test
    void acceptsTheKeysPhotonMgmtdWrites() throws Exception {
        assertThat(violations("""
                {"Link":{"MTUBytes":"1500","MACAddress":"02:00:00:00:00:01","Group":3,"RequiredForOnline":"routable",
                         "RequiredFamilyForOnline":"ipv4","ActivationPolicy":"always-up","ARP":true},
                 "Network":{"DHCP":"ipv4","LinkLocalAddressing":"no","MulticastDNS":"resolve","Address":["10.0.0.2/24"],
                            "Gateway":["10.0.0.1"],"Domains":["example.com","~."],"NTP":["pool.ntp.org"],
                            "DNS":["1.1.1.1","[2606:4700::1111]:53","9.9.9.9#dns.quad9.net"],
                            "IPv6AcceptRA":false,"IPv6SendRA":"yes","DHCPServer":true},
                 "Address":[{"Address":"10.0.1.1/24","Label":"x","Scope":"link"}],
                 "Route":[{"Destination":"192.0.2.0/24","Gateway":"10.0.0.254","Metric":50,"Table":"100"}],
                 "RoutingPolicyRule":[{"From":"10.0.0.0/8","Table":100,"Priority":1000}],
                 "DHCPv4":{"UseDNS":true,"ClientIdentifier":"mac"},"DHCPv6":{"UseDNS":"no"},
                 "DHCPServer":{"PoolOffset":10,"PoolSize":20,"DNS":["10.0.0.1"]},
                 "DHCPServerStaticLease":[{"MACAddress":"02:00:00:00:00:02","Address":"10.0.0.9"}],
                 "IPv6SendRA":{"Managed":true},"IPv6Prefix":[{"Prefix":"fd00:1::/64"}],
                 "IPv6RoutePrefix":[{"Route":"fd00:2::/64","LifetimeSec":"1h"}],
                 "SR-IOV":[{"VirtualFunction":0,"VLANId":5,"Trust":true}]}
                """)).isEmpty();
    }

    @Test
    void rendersListsAsRepeatedKeysAndArraysAsRepeatedSections() throws Exception {
        String ini = NetworkFile.render(json("""
                {"Network":{"DNS":["1.1.1.1","9.9.9.9"],"IPv6AcceptRA":false},"Match":{"Name":"gt-a"},
                 "Route":[{"Gateway":"10.0.0.1"},{"Destination":"192.0.2.0/24","Metric":5}]}
                """), "head");
        assertThat(ini).isEqualTo("""
                # head

                [Match]
                Name=gt-a

                [Network]
                DNS=1.1.1.1
                DNS=9.9.9.9
                IPv6AcceptRA=no

                [Route]
                Gateway=10.0.0.1

                [Route]
                Destination=192.0.2.0/24
                Metric=5
                """);
    }

    @Test
    void parsingTheRenderedFileGivesTheCanonicalBodyBack() throws Exception {
        JsonNode body = json("""
                {"Match":{"Name":"gt-a"},"Link":{"MTUBytes":"1400","RequiredForOnline":"no","Group":7},
                 "Network":{"DHCP":"no","Address":["10.0.0.2/24","fd00::2/64"],"DNS":["1.1.1.1"],"IPv6AcceptRA":true,
                            "Domains":["example.com"]},
                 "Address":[{"Address":"10.9.0.1/24","Label":"gt-a:1"}],
                 "Route":[{"Gateway":"10.0.0.1"},{"Destination":"192.0.2.0/24","Gateway":"10.0.0.254","Metric":50}],
                 "RoutingPolicyRule":[{"From":"10.0.0.0/8","Table":"100","Priority":1000}],
                 "DHCPv4":{"RequestOptions":[1,3]}}
                """);
        assertThat(NetworkFile.parse(NetworkFile.render(body, "a\nb"))).isEqualTo(body);
    }

    @Test
    void parsingMergesPlainSectionsKeepsUnknownKeysAndEmptyAssignmentClearsAList() {
        JsonNode parsed = NetworkFile.parse("""
                # comment
                [Network]
                DNS=1.1.1.1
                DNS=
                DNS=9.9.9.9
                Foo=bar
                Foo=baz
                [Network]
                DHCP=yes
                [Bogus]
                X=1
                """);
        assertThat(parsed.toString()).isEqualTo(
                "{\"Network\":{\"DNS\":[\"9.9.9.9\"],\"Foo\":[\"bar\",\"baz\"],\"DHCP\":\"yes\"},\"Bogus\":{\"X\":\"1\"}}");
    }

    @Test
    void matchNameIsTheLinkAndAnotherNameIsRefused() throws Exception {
        JsonNode withName = NetworkdFiles.withMatchName(json("{\"Network\":{\"DHCP\":\"yes\"}}"), "gt-a");
        assertThat(withName.get("Match").get("Name").asText()).isEqualTo("gt-a");
        try {
            NetworkdFiles.withMatchName(json("{\"Match\":{\"Name\":\"eth0\"}}"), "gt-a");
            throw new AssertionError("accepted another Match.Name");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.toProblem("/x").errors().getFirst().field()).isEqualTo("Match.Name");
        }
    }

    @Test
    void linkNamesAreInterfaceNames() {
        for (String bad : List.of("a/b", "..", ".", "", "sixteen-chars-xx", "a b", "a%b")) {
            try {
                NetworkdFiles.link(bad);
                throw new AssertionError("accepted " + bad);
            } catch (ApiException e) {
                assertThat(e.status()).isEqualTo(400);
            }
        }
        assertThat(NetworkdFiles.link("gt-a.10:x_y")).isEqualTo("gt-a.10:x_y");
    }

    @Test
    void unifiedDiffAgainstAnAbsentAChangedAndARemovedFile() {
        assertThat(LineDiff.unified(null, "a\nb\n", "a/f", "b/f")).isEqualTo("--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        assertThat(LineDiff.unified("a\nb\n", null, "a/f", "b/f")).isEqualTo("--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");
        assertThat(LineDiff.unified("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n10\n", "a/f", "b/f"))
                .isEqualTo("--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n");
        assertThat(LineDiff.unified("same\n", "same\n", "a/f", "b/f")).isEmpty();
    }
}
