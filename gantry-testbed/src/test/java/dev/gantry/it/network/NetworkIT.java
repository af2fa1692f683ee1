package dev.gantry.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The network module of the installed agent (user gantry, CAP_NET_ADMIN from its unit) in a box,
 * whose network namespace is its own. Each test builds links of its own (bridges, veth pairs: the
 * kernel here has no dummy, vlan or bond) with the box's ip, and every answer and effect is checked
 * against {@code ip -j} in the box.
 */
@WithAgentBox
class NetworkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void ip(AgentBox agent, String line) {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        argv.addAll(List.of(line.split(" ")));
        agent.box().exec(argv.toArray(String[]::new)).orThrow();
    }

    private static JsonNode ipJson(AgentBox agent, String line) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "-j"));
        argv.addAll(List.of(line.split(" ")));
        String out = agent.box().exec(argv.toArray(String[]::new)).orThrow().stdout();
        return JSON.readTree(out.isBlank() ? "[]" : out);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    private static AgentHttp.Response send(AgentBox agent, String method, String path, String body) {
        return agent.http().send(method, path, body.isEmpty() ? Map.of() : JSON_BODY, body);
    }

    /** A bridge with one end of a veth pair enslaved, both up; addresses on the bridge. */
    private static void bridgeWithVeth(AgentBox agent, String br, String a, String b) {
        ip(agent, "link add " + br + " type bridge");
        ip(agent, "link add " + a + " type veth peer name " + b);
        ip(agent, "link set " + a + " master " + br);
        ip(agent, "link set " + br + " up");
        ip(agent, "link set " + a + " up");
        ip(agent, "link set " + b + " up");
    }

    @Test
    void readsAgreeWithIpJsonForLinksAddressesRoutesRulesAndNeighbours(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr1", "gv1a", "gv1b");
        ip(agent, "link property add dev gv1b altname gantry-veth-peer-alt");
        ip(agent, "link set gv1b mtu 1400");
        ip(agent, "addr add 10.61.0.1/24 dev gbr1");
        ip(agent, "addr add 10.61.0.9/24 dev gbr1");
        ip(agent, "addr add fd00:61::1/64 dev gbr1 nodad");
        ip(agent, "route add 192.0.2.0/24 via 10.61.0.254 metric 50");
        ip(agent, "route add 198.51.100.0/24 via 10.61.0.253 table 161");
        ip(agent, "route add 203.0.113.0/24 nexthop via 10.61.0.251 weight 2 nexthop via 10.61.0.252");
        ip(agent, "-6 route add 2001:db8:61::/48 via fd00:61::2");
        ip(agent, "rule add from 10.61.0.0/24 table 161 priority 1610");
        ip(agent, "-6 rule add from fd00:61::/64 table 161 priority 1611");
        ip(agent, "neigh add 10.61.0.254 lladdr 02:00:00:00:61:fe dev gbr1 nud permanent");
        ip(agent, "-6 neigh add fd00:61::2 lladdr 02:00:00:00:61:02 dev gbr1 nud permanent");

        // links
        JsonNode links = json(agent.http().get("/api/v1/network/links"));
        JsonNode ipLinks = ipJson(agent, "-d link");
        List<String> want = new ArrayList<>();
        for (JsonNode l : ipLinks) {
            JsonNode info = l.get("linkinfo");
            want.add(String.join(" ", l.get("ifindex").asText(), text(l, "ifname"), l.get("mtu").asText(),
                    text(l, "address"), texts(l.get("flags")).toString(), text(l, "operstate"),
                    String.valueOf(text(l, "master")), texts(l.get("altnames")).toString(),
                    String.valueOf(info == null ? null : text(info, "info_kind"))));
        }
        List<String> got = new ArrayList<>();
        for (JsonNode l : links) {
            got.add(String.join(" ", l.get("index").asText(), text(l, "name"), l.get("mtu").asText(),
                    text(l, "mac"), texts(l.get("flags")).toString(), text(l, "operState"),
                    String.valueOf(text(l, "master")), texts(l.get("altNames")).toString(),
                    String.valueOf(text(l, "kind"))));
            assertThat(l.get("stats64").get("rxPackets").isNumber()).isTrue();
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(got).anyMatch(s -> s.contains(" gv1a ") && s.contains(" gbr1 ") && s.endsWith(" veth"));

        // addresses (flags only for IPv4: IPv6 duplicate address detection changes them as it runs)
        want.clear();
        for (JsonNode l : ipJson(agent, "addr")) {
            for (JsonNode a : l.get("addr_info")) {
                want.add(String.join(" ", text(l, "ifname"), text(a, "family"), text(a, "local") + "/"
                        + a.get("prefixlen").asInt(), text(a, "scope"), String.valueOf(text(a, "label")),
                        String.valueOf(a.has("secondary") && text(a, "family").equals("inet"))));
            }
        }
        got.clear();
        for (JsonNode a : json(agent.http().get("/api/v1/network/addresses"))) {
            got.add(String.join(" ", text(a, "device"), text(a, "family"), text(a, "address") + "/"
                    + a.get("prefixLength").asInt(), text(a, "scope"), String.valueOf(text(a, "label")),
                    String.valueOf(texts(a.get("flags")).contains("secondary") && text(a, "family").equals("inet"))));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want).contains("gbr1 inet 10.61.0.9/24 global gbr1 true");

        // routes of every table
        want.clear();
        for (JsonNode r : ipJson(agent, "route show table all")) {
            StringBuilder hops = new StringBuilder();
            if (r.has("nexthops")) {
                r.get("nexthops").forEach(h -> hops.append(" via ").append(text(h, "gateway")).append(' ')
                        .append(text(h, "dev")).append(' ').append(h.get("weight").asInt()));
            }
            want.add(String.join(" ", text(r, "dst"), String.valueOf(text(r, "gateway")),
                    String.valueOf(text(r, "dev")), r.has("table") ? text(r, "table") : "main",
                    r.has("type") ? text(r, "type") : "unicast", r.has("protocol") ? text(r, "protocol") : "boot",
                    r.has("scope") ? text(r, "scope") : "global", String.valueOf(text(r, "metric")),
                    String.valueOf(text(r, "prefsrc"))) + hops);
        }
        got.clear();
        for (JsonNode r : json(agent.http().get("/api/v1/network/routes?table=all"))) {
            StringBuilder hops = new StringBuilder();
            r.get("nexthops").forEach(h -> hops.append(" via ").append(text(h, "gateway")).append(' ')
                    .append(text(h, "device")).append(' ').append(h.get("weight").asInt()));
            // ip prints no metric for an IPv4 route with metric 0
            String metric = r.get("family").asText().equals("inet") && (!r.has("metric") || r.get("metric").asLong() == 0) ? "null"
                    : String.valueOf(text(r, "metric"));
            got.add(String.join(" ", text(r, "destination"), String.valueOf(text(r, "gateway")),
                    String.valueOf(text(r, "device")), text(r, "table"), text(r, "type"), text(r, "protocol"),
                    text(r, "scope"), metric, String.valueOf(text(r, "preferredSource"))) + hops);
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want)
                .contains("198.51.100.0/24 10.61.0.253 gbr1 161 unicast boot global null null");
        JsonNode table161 = json(agent.http().get("/api/v1/network/routes?table=161"));
        assertThat(table161.findValuesAsText("destination")).containsExactly("198.51.100.0/24");

        // rules, per family
        for (String family : List.of("-4", "-6")) {
            want.clear();
            for (JsonNode r : ipJson(agent, family + " rule")) {
                String src = text(r, "src") + (r.has("srclen") ? "/" + r.get("srclen").asInt() : "");
                want.add(r.get("priority").asLong() + " " + src + " " + text(r, "table"));
            }
            got.clear();
            for (JsonNode r : json(agent.http().get("/api/v1/network/rules"))) {
                if (r.get("family").asText().equals(family.equals("-4") ? "inet" : "inet6")) {
                    got.add(r.get("priority").asLong() + " " + text(r, "from") + " " + text(r, "table"));
                }
            }
            assertThat(got).containsExactlyElementsOf(want);
        }

        // neighbours: the permanent entries (dynamic ones may change state between the two reads)
        want.clear();
        for (JsonNode n : ipJson(agent, "neigh")) {
            if (texts(n.get("state")).contains("PERMANENT")) {
                want.add(text(n, "dst") + " " + text(n, "dev") + " " + text(n, "lladdr"));
            }
        }
        got.clear();
        for (JsonNode n : json(agent.http().get("/api/v1/network/neighbours"))) {
            if (texts(n.get("state")).contains("PERMANENT")) {
                got.add(text(n, "address") + " " + text(n, "device") + " " + text(n, "lladdr"));
            }
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want)
                .contains("10.61.0.254 gbr1 02:00:00:00:61:fe", "fd00:61::2 gbr1 02:00:00:00:61:02");
    }

    @Test
    void oneLinkByNameOrAlternativeNameAndUnknownIs404(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr2", "gv2a", "gv2b");
        ip(agent, "link property add dev gv2b altname gantry-alt-name-two");

        JsonNode byName = json(agent.http().get("/api/v1/network/links/gv2a"));
        assertThat(byName.get("master").asText()).isEqualTo("gbr2");
        assertThat(byName.get("kind").asText()).isEqualTo("veth");
        JsonNode byAlt = json(agent.http().get("/api/v1/network/links/gantry-alt-name-two"));
        assertThat(byAlt.get("name").asText()).isEqualTo("gv2b");
        assertThat(byAlt.get("index").asInt()).isEqualTo(ipJson(agent, "link show dev gv2b").get(0).get("ifindex").asInt());

        // A change addressed by the alternative name reaches the link (the agent uses its index).
        AgentHttp.Response patched = send(agent, "PATCH", "/api/v1/network/links/gantry-alt-name-two", "{\"mtu\":1280}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(ipJson(agent, "link show dev gv2b").get(0).get("mtu").asInt()).isEqualTo(1280);

        AgentHttp.Response missing = agent.http().get("/api/v1/network/links/gnone9");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void patchSetsALinkDownAndUpAndItsMtuAndTheKernelsRefusalIsA400(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr3", "gv3a", "gv3b");

        AgentHttp.Response down = send(agent, "PATCH", "/api/v1/network/links/gv3b", "{\"up\":false,\"mtu\":1300}");
        assertThat(down.status()).as(down.body()).isEqualTo(200);
        JsonNode shown = ipJson(agent, "link show dev gv3b").get(0);
        assertThat(texts(shown.get("flags"))).doesNotContain("UP");
        assertThat(shown.get("mtu").asInt()).isEqualTo(1300);
        assertThat(json(down).get("mtu").asInt()).isEqualTo(1300);

        AgentHttp.Response up = send(agent, "PATCH", "/api/v1/network/links/gv3b", "{\"up\":true}");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(texts(ipJson(agent, "link show dev gv3b").get(0).get("flags"))).contains("UP");

        // veth's minimum MTU is 68: the kernel refuses, with its own words, and nothing changes
        AgentHttp.Response tooSmall = send(agent, "PATCH", "/api/v1/network/links/gv3b", "{\"mtu\":20}");
        assertThat(tooSmall.status()).as(tooSmall.body()).isEqualTo(400);
        assertThat(json(tooSmall).get("detail").asText()).containsIgnoringCase("mtu");
        assertThat(ipJson(agent, "link show dev gv3b").get(0).get("mtu").asInt()).isEqualTo(1300);

        AgentHttp.Response bad = send(agent, "PATCH", "/api/v1/network/links/gv3b", "{\"mtu\":\"big\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(send(agent, "PATCH", "/api/v1/network/links/gnone3", "{\"up\":true}").status()).isEqualTo(404);
    }

    @Test
    void addressesAreAddedAndRemovedAndDuplicatesOrBadInputChangeNothing(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr4", "gv4a", "gv4b");
        String path = "/api/v1/network/links/gbr4/addresses";

        AgentHttp.Response added = send(agent, "POST", path, "{\"address\":\"10.64.0.1/24\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(json(added).get("address").asText()).isEqualTo("10.64.0.1");
        AgentHttp.Response added6 = send(agent, "POST", path, "{\"address\":\"fd00:64::1/64\"}");
        assertThat(added6.status()).as(added6.body()).isEqualTo(201);
        JsonNode infos = ipJson(agent, "addr show dev gbr4").get(0).get("addr_info");
        assertThat(infos.findValuesAsText("local")).contains("10.64.0.1", "fd00:64::1");

        AgentHttp.Response again = send(agent, "POST", path, "{\"address\":\"10.64.0.1/24\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);

        String before = ipJson(agent, "addr show dev gbr4").toString();
        AgentHttp.Response bad = send(agent, "POST", path, "{\"address\":\"10.64.0.300/24\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(json(bad).get("errors").get(0).get("field").asText()).isEqualTo("address");
        assertThat(send(agent, "POST", path, "{\"address\":\"10.64.0.2\"}").status()).isEqualTo(400);
        assertThat(ipJson(agent, "addr show dev gbr4").toString()).isEqualTo(before);

        AgentHttp.Response removed = agent.http().delete(path + "?address=10.64.0.1/24");
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(ipJson(agent, "addr show dev gbr4").get(0).get("addr_info").findValuesAsText("local"))
                .doesNotContain("10.64.0.1").contains("fd00:64::1");
        assertThat(agent.http().delete(path + "?address=10.64.0.1/24").status()).isEqualTo(404);
        assertThat(agent.http().delete(path + "?address=nonsense").status()).isEqualTo(400);
    }

    /** ip -j neigh's entries of {@code dev}: address to "lladdr state". */
    private static Map<String, String> neighbours(AgentBox agent, String dev) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode n : ipJson(agent, "neigh show dev " + dev)) {
            out.put(n.get("dst").asText(), text(n, "lladdr") + " " + texts(n.get("state")));
        }
        return out;
    }

    @Test
    void neighbourEntriesAreAddedReplacedAndDeletedAndBadInputChangesNothing(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr7", "gv7a", "gv7b");
        String path = "/api/v1/network/neighbours";

        AgentHttp.Response added = send(agent, "PUT", path,
                "{\"device\":\"gbr7\",\"address\":\"10.67.0.9\",\"lladdr\":\"02:00:00:00:67:09\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(json(added).get("lladdr").asText()).isEqualTo("02:00:00:00:67:09");
        AgentHttp.Response added6 = send(agent, "PUT", path,
                "{\"device\":\"gbr7\",\"address\":\"fd00:67::9\",\"lladdr\":\"02:00:00:00:67:19\"}");
        assertThat(added6.status()).as(added6.body()).isEqualTo(200);
        assertThat(neighbours(agent, "gbr7")).containsEntry("10.67.0.9", "02:00:00:00:67:09 [PERMANENT]")
                .containsEntry("fd00:67::9", "02:00:00:00:67:19 [PERMANENT]");

        AgentHttp.Response replaced = send(agent, "PUT", path,
                "{\"device\":\"gbr7\",\"address\":\"10.67.0.9\",\"lladdr\":\"02:00:00:00:67:0a\",\"permanent\":false}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(neighbours(agent, "gbr7").get("10.67.0.9")).startsWith("02:00:00:00:67:0a ").doesNotContain("PERMANENT");

        String before = neighbours(agent, "gbr7").toString();
        assertThat(send(agent, "PUT", path, "{\"device\":\"gbr7\",\"address\":\"10.67.0.300\",\"lladdr\":\"02:00:00:00:67:09\"}")
                .status()).isEqualTo(400);
        assertThat(send(agent, "PUT", path, "{\"device\":\"gbr7\",\"address\":\"10.67.0.8\",\"lladdr\":\"02:00:00\"}")
                .status()).isEqualTo(400);
        assertThat(send(agent, "PUT", path, "{\"device\":\"gt-nosuch7\",\"address\":\"10.67.0.8\",\"lladdr\":\"02:00:00:00:67:08\"}")
                .status()).isEqualTo(404);
        assertThat(neighbours(agent, "gbr7").toString()).isEqualTo(before);

        AgentHttp.Response removed = agent.http().delete(path + "?device=gbr7&address=fd00:67::9");
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(neighbours(agent, "gbr7")).doesNotContainKey("fd00:67::9").containsKey("10.67.0.9");
        assertThat(agent.http().delete(path + "?device=gbr7&address=10.67.0.77").status()).isEqualTo(404);
        assertThat(agent.http().delete(path + "?device=gbr7&address=nonsense").status()).isEqualTo(400);
    }

    @Test
    void routesAreAddedReplacedAndDeletedInNamedTablesAndConflictsAre409(AgentBox agent) throws Exception {
        bridgeWithVeth(agent, "gbr5", "gv5a", "gv5b");
        ip(agent, "addr add 10.65.0.1/24 dev gbr5");
        agent.box().exec("mkdir", "-p", "/etc/iproute2/rt_tables.d").orThrow();
        agent.box().writeFile("/etc/iproute2/rt_tables.d/gantry-it.conf", "165 gantryit\n");

        AgentHttp.Response added = send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"198.18.65.0/24\",\"gateway\":\"10.65.0.254\",\"device\":\"gbr5\",\"metric\":70}");
        assertThat(added.status()).as(added.body()).isEqualTo(204);
        JsonNode route = ipJson(agent, "route show 198.18.65.0/24").get(0);
        assertThat(text(route, "gateway")).isEqualTo("10.65.0.254");
        assertThat(text(route, "dev")).isEqualTo("gbr5");
        assertThat(route.get("metric").asInt()).isEqualTo(70);

        AgentHttp.Response dup = send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"198.18.65.0/24\",\"gateway\":\"10.65.0.254\",\"metric\":70}");
        assertThat(dup.status()).as(dup.body()).isEqualTo(409);

        AgentHttp.Response replaced = send(agent, "PUT", "/api/v1/network/routes",
                "{\"destination\":\"198.18.65.0/24\",\"gateway\":\"10.65.0.253\",\"metric\":70}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(204);
        JsonNode now = ipJson(agent, "route show 198.18.65.0/24");
        assertThat(now.size()).isEqualTo(1);
        assertThat(text(now.get(0), "gateway")).isEqualTo("10.65.0.253");

        AgentHttp.Response defaultRoute = send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"default\",\"gateway\":\"10.65.0.254\",\"table\":\"gantryit\"}");
        assertThat(defaultRoute.status()).as(defaultRoute.body()).isEqualTo(204);
        assertThat(ipJson(agent, "route show table 165").findValuesAsText("dst")).containsExactly("default");
        assertThat(json(agent.http().get("/api/v1/network/routes?table=gantryit")).findValuesAsText("table"))
                .containsOnly("gantryit");

        // Host bits set: the kernel refuses with its extended-ack message; nothing is added.
        String mainBefore = ipJson(agent, "route show table main").toString();
        AgentHttp.Response hostBits = send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"198.18.66.1/24\",\"device\":\"gbr5\"}");
        assertThat(hostBits.status()).as(hostBits.body()).isEqualTo(400);
        assertThat(json(hostBits).get("detail").asText()).contains("prefix");
        AgentHttp.Response badGateway = send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"198.18.67.0/24\",\"gateway\":\"fd00::1\"}");
        assertThat(badGateway.status()).isEqualTo(400);
        assertThat(send(agent, "POST", "/api/v1/network/routes",
                "{\"destination\":\"198.18.67.0/24\",\"gateway\":\"10.65.0.9\",\"table\":\"nosuch\"}").status())
                .isEqualTo(400);
        assertThat(ipJson(agent, "route show table main").toString()).isEqualTo(mainBefore);

        AgentHttp.Response deleted = agent.http().delete("/api/v1/network/routes?destination=198.18.65.0/24&metric=70");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(ipJson(agent, "route show 198.18.65.0/24").size()).isZero();
        AgentHttp.Response gone = agent.http().delete("/api/v1/network/routes?destination=198.18.65.0/24&metric=70");
        assertThat(gone.status()).as(gone.body()).isEqualTo(404);
        assertThat(agent.http().delete("/api/v1/network/routes?destination=default&table=165").status()).isEqualTo(204);
        assertThat(ipJson(agent, "route show table 165").size()).isZero();
    }

    @Test
    void rulesAreAddedAndDeletedForBothFamiliesAndDuplicatesAre409(AgentBox agent) throws Exception {
        AgentHttp.Response added = send(agent, "POST", "/api/v1/network/rules",
                "{\"priority\":2601,\"from\":\"10.66.0.0/16\",\"table\":\"166\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(204);
        JsonNode rule = null;
        for (JsonNode r : ipJson(agent, "rule")) {
            if (r.get("priority").asInt() == 2601) {
                rule = r;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(text(rule, "src")).isEqualTo("10.66.0.0");
        assertThat(rule.get("srclen").asInt()).isEqualTo(16);
        assertThat(text(rule, "table")).isEqualTo("166");

        AgentHttp.Response dup = send(agent, "POST", "/api/v1/network/rules",
                "{\"priority\":2601,\"from\":\"10.66.0.0/16\",\"table\":\"166\"}");
        assertThat(dup.status()).as(dup.body()).isEqualTo(409);

        AgentHttp.Response v6 = send(agent, "POST", "/api/v1/network/rules",
                "{\"priority\":2602,\"to\":\"fd00:66::/32\",\"iif\":\"lo\",\"table\":\"main\",\"family\":\"inet6\"}");
        assertThat(v6.status()).as(v6.body()).isEqualTo(204);
        assertThat(ipJson(agent, "-6 rule").toString()).contains("\"priority\":2602").contains("fd00:66::");

        String before = ipJson(agent, "rule").toString();
        AgentHttp.Response bad = send(agent, "POST", "/api/v1/network/rules",
                "{\"priority\":2603,\"from\":\"10.66.0.0/16\",\"to\":\"fd00::/8\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(ipJson(agent, "rule").toString()).isEqualTo(before);

        AgentHttp.Response deleted = agent.http().delete("/api/v1/network/rules?priority=2601&from=10.66.0.0/16&table=166");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(ipJson(agent, "rule").toString()).doesNotContain("\"priority\":2601");
        assertThat(agent.http().delete("/api/v1/network/rules?priority=2601&from=10.66.0.0/16&table=166").status())
                .isEqualTo(404);
        assertThat(agent.http().delete("/api/v1/network/rules?priority=2602&family=inet6").status()).isEqualTo(204);
        assertThat(ipJson(agent, "-6 rule").toString()).doesNotContain("\"priority\":2602");
    }
}
