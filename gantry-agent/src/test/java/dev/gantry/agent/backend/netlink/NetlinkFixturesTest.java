package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Parses rtnetlink dumps captured in a throw-away network namespace (a bridge, a veth pair with an
 * alternative name, IPv4/IPv6 addresses, routes in main/local/100 with a multipath one, rules,
 * neighbours; see CaptureFixtures) and compares them with what {@code ip -j} printed for the same
 * namespace at the same moment.
 */
class NetlinkFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RtNames NAMES = new RtNames(Path.of("/nonexistent"));

    static List<byte[]> fixture(String name) throws IOException {
        try (InputStream in = NetlinkFixturesTest.class.getResourceAsStream("/netlink/" + name)) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    out.add(HexFormat.of().parseHex(line.strip()));
                }
            }
            return out;
        }
    }

    static JsonNode ip(String name) throws IOException {
        try (InputStream in = NetlinkFixturesTest.class.getResourceAsStream("/netlink/" + name)) {
            return JSON.readTree(in);
        }
    }

    static <T> List<T> parse(String name, BiFunction<Integer, MemorySegment, T> parser) throws IOException {
        List<T> out = new ArrayList<>();
        for (byte[] m : fixture(name)) {
            MemorySegment seg = MemorySegment.ofArray(m);
            T v = parser.apply(seg.get(Attrs.SHORT, 4) & 0xffff, seg);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    static Map<Integer, String> linkNames() throws IOException {
        Map<Integer, String> names = new HashMap<>();
        parse("links.hex", Parsers::link).forEach(l -> names.put(l.index(), l.name()));
        return names;
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

    @Test
    void linksMatchIpLinkIncludingMasterAltNamesKindAndCounters() throws IOException {
        List<Link> links = Rtnl.withMasterNames(parse("links.hex", Parsers::link));
        JsonNode ip = ip("ip-link.json");

        assertThat(links).hasSize(ip.size());
        for (int i = 0; i < ip.size(); i++) {
            JsonNode want = ip.get(i);
            Link got = links.get(i);
            assertThat(got.index()).isEqualTo(want.get("ifindex").asInt());
            assertThat(got.name()).isEqualTo(want.get("ifname").asText());
            assertThat(got.mtu()).isEqualTo(want.get("mtu").asInt());
            assertThat(got.mac()).isEqualTo(text(want, "address"));
            assertThat(got.broadcast()).isEqualTo(text(want, "broadcast"));
            assertThat(got.flags()).isEqualTo(texts(want.get("flags")));
            assertThat(got.operState()).isEqualTo(text(want, "operstate"));
            assertThat(got.master()).isEqualTo(text(want, "master"));
            assertThat(got.altNames()).isEqualTo(texts(want.get("altnames")));
            assertThat(got.txQueueLength()).isEqualTo(want.get("txqlen").asLong());
            assertThat(got.stats64()).isNotNull();
        }
        Map<String, Link> byName = new HashMap<>();
        links.forEach(l -> byName.put(l.name(), l));
        assertThat(byName.get("br0").kind()).isEqualTo("bridge");
        assertThat(byName.get("v0").kind()).isEqualTo("veth");
        assertThat(byName.get("v0").slaveKind()).isEqualTo("bridge");
        assertThat(byName.get("lo").kind()).isNull();
        assertThat(byName.get("v0").linkIndex()).isEqualTo(byName.get("v1").index());
    }

    @Test
    void addressesMatchIpAddr() throws IOException {
        Map<Integer, String> names = linkNames();
        List<Address> addresses = parse("addresses.hex", Parsers::address).stream()
                .map(a -> a.withDevice(names.get(a.index()))).toList();
        List<String> want = new ArrayList<>();
        for (JsonNode link : ip("ip-addr.json")) {
            for (JsonNode a : link.get("addr_info")) {
                want.add(String.join(" ", link.get("ifname").asText(), a.get("family").asText(),
                        a.get("local").asText() + "/" + a.get("prefixlen").asInt(), a.get("scope").asText(),
                        String.valueOf(text(a, "label")), ipFlagKeys(a).toString(),
                        a.get("valid_life_time").asText()));
            }
        }
        List<String> got = addresses.stream().map(a -> String.join(" ", a.device(), a.family(),
                a.address() + "/" + a.prefixLength(), a.scope(), String.valueOf(a.label()),
                ipAddressFlags(a.flags()).toString(), String.valueOf(a.validLifetime()))).toList();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(addresses).anySatisfy(a -> {
            assertThat(a.address()).isEqualTo("10.20.0.1");
            assertThat(a.broadcast()).isNull();
        });
    }

    /** ip -j prints address flags as keys with the value true ("secondary": true). */
    private static List<String> ipFlagKeys(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.fields().forEachRemaining(e -> {
            if (e.getValue().isBoolean() && e.getValue().asBoolean()) {
                out.add(e.getKey());
            }
        });
        return out;
    }

    /** ip -j leaves "permanent" out of the flags (it prints lifetimes instead). */
    private static List<String> ipAddressFlags(List<String> flags) {
        return flags.stream().filter(f -> !f.equals("permanent")).toList();
    }

    @Test
    void routesOfEveryTableMatchIpRouteShowTableAll() throws IOException {
        List<Route> routes = Rtnl.withDevices(parse("routes.hex", (t, m) -> Parsers.route(t, m, NAMES)), linkNames())
                .stream().filter(r -> r.family().equals("inet") || r.family().equals("inet6")).toList();
        List<String> want = new ArrayList<>();
        for (JsonNode r : ip("ip-route.json")) {
            want.add(routeKey(text(r, "dst"), text(r, "gateway"), text(r, "dev"),
                    r.has("table") ? text(r, "table") : "main", r.has("type") ? text(r, "type") : "unicast",
                    r.has("protocol") ? text(r, "protocol") : "boot", r.has("scope") ? text(r, "scope") : "global",
                    r.has("metric") ? r.get("metric").asLong() : null, text(r, "prefsrc"), r.get("nexthops")));
        }
        List<String> got = routes.stream().map(r -> routeKey(r.destination(), r.gateway(), r.device(), r.table(),
                r.type(), r.protocol(), r.scope(), r.family().equals("inet") && Objects.equals(r.metric(), 0L) ? null
                        : r.metric(), r.preferredSource(), null) + hops(r)).toList();
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    private static String routeKey(String dst, String gw, String dev, String table, String type, String proto,
                                   String scope, Long metric, String prefsrc, JsonNode nexthops) {
        StringBuilder hops = new StringBuilder();
        if (nexthops != null) {
            nexthops.forEach(h -> hops.append(" via ").append(text(h, "gateway")).append(" dev ")
                    .append(text(h, "dev")).append(" weight ").append(h.get("weight").asInt()));
        }
        return String.join(" ", dst, String.valueOf(gw), String.valueOf(dev), table, type, proto, scope,
                String.valueOf(metric), String.valueOf(prefsrc)) + hops;
    }

    private static String hops(Route r) {
        StringBuilder hops = new StringBuilder();
        r.nexthops().forEach(h -> hops.append(" via ").append(h.gateway()).append(" dev ").append(h.device())
                .append(" weight ").append(h.weight()));
        return hops.toString();
    }

    @Test
    void ipv4RulesMatchIpRuleAndTheIpv6RuleIsThere() throws IOException {
        List<Rule> rules = parse("rules.hex", (t, m) -> Parsers.rule(t, m, NAMES));
        List<String> want = new ArrayList<>();
        for (JsonNode r : ip("ip-rule.json")) {
            String src = text(r, "src");
            if (r.has("srclen")) {
                src += "/" + r.get("srclen").asInt();
            }
            want.add(r.get("priority").asLong() + " " + src + " " + text(r, "dst") + " " + text(r, "iif") + " "
                    + text(r, "table"));
        }
        List<String> got = rules.stream().filter(r -> r.family().equals("inet"))
                .map(r -> r.priority() + " " + r.from() + " " + r.to() + " " + r.iif() + " " + r.table()).toList();
        assertThat(got).containsExactlyElementsOf(want);
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.family()).isEqualTo("inet6");
            assertThat(r.from()).isEqualTo("fd00:20::/64");
            assertThat(r.priority()).isEqualTo(1002);
            assertThat(r.table()).isEqualTo("100");
            assertThat(r.action()).isEqualTo("lookup");
        });
    }

    @Test
    void neighboursMatchIpNeigh() throws IOException {
        Map<Integer, String> names = linkNames();
        List<String> got = parse("neighbours.hex", Parsers::neighbour).stream()
                .filter(n -> !n.state().contains("NOARP"))
                .map(n -> n.address() + " " + names.get(n.index()) + " " + n.lladdr() + " " + n.state()).toList();
        List<String> want = new ArrayList<>();
        for (JsonNode n : ip("ip-neigh.json")) {
            want.add(text(n, "dst") + " " + text(n, "dev") + " " + text(n, "lladdr") + " " + texts(n.get("state")));
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }
}
