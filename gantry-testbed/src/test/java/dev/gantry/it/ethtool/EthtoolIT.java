package dev.gantry.it.ethtool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ethtool module of the installed agent (user gantry, CAP_NET_ADMIN from its unit) in a box, on
 * veth pairs each test creates inside the box: every read is compared with what the ethtool command
 * prints for the same link, and every change is checked with the command.
 */
@WithAgentBox
class EthtoolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    private static String sh(AgentBox agent, String... argv) {
        return agent.box().exec(argv).orThrow().stdout();
    }

    private static void veth(AgentBox agent, String a, String b) {
        sh(agent, "ip", "link", "add", a, "type", "veth", "peer", "name", b);
    }

    private static JsonNode get(AgentBox agent, String path) throws Exception {
        AgentHttp.Response r = agent.http().get(path);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static AgentHttp.Response patch(AgentBox agent, String path, String body) {
        return agent.http().send("PATCH", path, JSON_BODY, body);
    }

    /** {@code ethtool -k} as the command prints it, rebuilt from the API's features answer. */
    private static String featuresAsEthtoolPrintsThem(String link, JsonNode f) {
        StringBuilder out = new StringBuilder("Features for " + link + ":\n");
        List<String> grouped = new ArrayList<>();
        for (JsonNode g : f.get("groups")) {
            List<String> members = new ArrayList<>();
            g.get("features").forEach(m -> members.add(m.asText()));
            if (members.size() == 1) {
                out.append(line(g.get("name").asText(), f.get("features").get(members.getFirst()), ""));
            } else {
                out.append(g.get("name").asText()).append(": ").append(g.get("active").asBoolean() ? "on" : "off")
                        .append('\n');
                members.forEach(m -> out.append(line(m, f.get("features").get(m), "\t")));
            }
            grouped.addAll(members);
        }
        f.get("features").properties().forEach(e -> {
            if (!grouped.contains(e.getKey())) {
                out.append(line(e.getKey(), e.getValue(), ""));
            }
        });
        return out.toString();
    }

    private static String line(String name, JsonNode s, String prefix) {
        String suffix = s.get("fixed").asBoolean() ? " [fixed]" : !s.has("requested") ? ""
                : s.get("requested").asBoolean() ? " [requested on]" : " [requested off]";
        return prefix + name + ": " + (s.get("active").asBoolean() ? "on" : "off") + suffix + "\n";
    }

    @Test
    void readsOnAVethMatchTheEthtoolCommand(AgentBox agent) throws Exception {
        veth(agent, "gte1a", "gte1b");

        JsonNode all = get(agent, "/api/v1/ethtool/gte1a");
        assertThat(featuresAsEthtoolPrintsThem("gte1a", all.get("features")))
                .isEqualTo(sh(agent, "ethtool", "-k", "gte1a"));

        JsonNode d = all.get("driver");
        assertThat(sh(agent, "ethtool", "-i", "gte1a")).isEqualTo("""
                driver: %s
                version: %s
                firmware-version: %s
                expansion-rom-version: %s
                bus-info: %s
                supports-statistics: %s
                supports-test: %s
                supports-eeprom-access: %s
                supports-register-dump: %s
                supports-priv-flags: %s
                """.formatted(d.get("driver").asText(), d.get("version").asText(), d.get("firmwareVersion").asText(),
                d.get("expansionRomVersion").asText(), d.get("busInfo").asText(), yes(d, "supportsStatistics"),
                yes(d, "supportsTest"), yes(d, "supportsEepromAccess"), yes(d, "supportsRegisterDump"),
                yes(d, "supportsPrivFlags")));
        assertThat(d.get("driver").asText()).isEqualTo("veth");

        Map<String, Long> printed = new LinkedHashMap<>();
        sh(agent, "ethtool", "-S", "gte1a").lines().skip(1).forEach(l -> {
            String[] kv = l.trim().split(": ");
            printed.put(kv[0], Long.parseLong(kv[1]));
        });
        Map<String, Long> stats = new LinkedHashMap<>();
        get(agent, "/api/v1/ethtool/gte1a/statistics").get("statistics").properties()
                .forEach(e -> stats.put(e.getKey(), e.getValue().asLong()));
        assertThat(stats).containsExactlyEntriesOf(printed).containsKey("peer_ifindex");

        JsonNode ch = all.get("channels");
        assertThat(sh(agent, "ethtool", "-l", "gte1a")).isEqualTo("""
                Channel parameters for gte1a:
                Pre-set maximums:
                RX:\t\t%d
                TX:\t\t%d
                Other:\t\tn/a
                Combined:\tn/a
                Current hardware settings:
                RX:\t\t%d
                TX:\t\t%d
                Other:\t\tn/a
                Combined:\tn/a
                """.formatted(ch.get("rxMax").asLong(), ch.get("txMax").asLong(), ch.get("rx").asLong(),
                ch.get("tx").asLong()));

        JsonNode s = get(agent, "/api/v1/ethtool/gte1a/settings");
        String printedSettings = sh(agent, "ethtool", "gte1a");
        assertThat(printedSettings).contains("\tSpeed: " + s.get("speed").asLong() + "Mb/s\n")
                .contains("\tDuplex: Full\n").contains("\tPort: " + s.get("port").asText() + "\n")
                .contains("\tAuto-negotiation: " + (s.get("autoneg").asBoolean() ? "on" : "off") + "\n")
                .contains("\tTransceiver: " + s.get("transceiver").asText() + "\n")
                .contains("\tLink detected: no\n");
        assertThat(s.get("duplex").asText()).isEqualTo("full");
        assertThat(all.get("linkState").get("link").asBoolean()).isFalse();

        sh(agent, "ip", "link", "set", "gte1a", "up");
        sh(agent, "ip", "link", "set", "gte1b", "up");
        assertThat(get(agent, "/api/v1/ethtool/gte1a/link-state").get("link").asBoolean()).isTrue();
        assertThat(sh(agent, "ethtool", "gte1a")).contains("\tLink detected: yes\n");

        assertThat(get(agent, "/api/v1/ethtool/gte1a/permanent-address").has("address")).isFalse();
        assertThat(sh(agent, "ethtool", "-P", "gte1a")).isEqualTo("Permanent address: not set\n");
        assertThat(all.get("unsupported")).extracting(JsonNode::asText).containsExactly("rings", "coalesce", "pause");
    }

    private static String yes(JsonNode n, String field) {
        return n.get(field).asBoolean() ? "yes" : "no";
    }

    @Test
    void aFeatureToggleAndAChannelsChangeShowInTheEthtoolCommand(AgentBox agent) throws Exception {
        veth(agent, "gte2a", "gte2b");
        assertThat(sh(agent, "ethtool", "-k", "gte2a")).contains("\ngeneric-receive-offload: off\n")
                .contains("\ttx-checksum-sctp: on\n");

        AgentHttp.Response r = patch(agent, "/api/v1/ethtool/gte2a/features",
                "{\"features\":{\"generic-receive-offload\":true,\"tx-checksum-sctp\":false}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("notApplied")).isEmpty();
        assertThat(sh(agent, "ethtool", "-k", "gte2a")).contains("\ngeneric-receive-offload: on\n")
                .contains("\ttx-checksum-sctp: off\n");

        r = patch(agent, "/api/v1/ethtool/gte2a/features", "{\"features\":{\"gro\":false}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(sh(agent, "ethtool", "-k", "gte2a")).contains("\ngeneric-receive-offload: off\n");

        r = patch(agent, "/api/v1/ethtool/gte2a/channels", "{\"rx\":2,\"tx\":2}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("rx").asLong()).isEqualTo(2);
        assertThat(sh(agent, "ethtool", "-l", "gte2a")).contains("Current hardware settings:\nRX:\t\t2\nTX:\t\t2\n");
    }

    @Test
    void unsupportedOperationsAreA422AndBadInputChangesNothing(AgentBox agent) throws Exception {
        veth(agent, "gte3a", "gte3b");
        String features = sh(agent, "ethtool", "-k", "gte3a");
        String channels = sh(agent, "ethtool", "-l", "gte3a");

        for (String path : List.of("/api/v1/ethtool/gte3a/rings", "/api/v1/ethtool/gte3a/pause",
                "/api/v1/ethtool/gte3a/coalesce")) {
            AgentHttp.Response r = agent.http().get(path);
            assertThat(r.status()).as(path).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).get("type").asText()).endsWith("/not-supported");
        }
        AgentHttp.Response rings = patch(agent, "/api/v1/ethtool/gte3a/rings", "{\"rx\":512}");
        assertThat(rings.status()).isEqualTo(422);
        assertThat(rings.header("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(rings.body()).get("detail").asText()).contains("gte3a").contains("not supported");

        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("/api/v1/ethtool/gte3a/features {\"features\":{\"no-such-feature\":true,\"gro\":true}}", 400);
        cases.put("/api/v1/ethtool/gte3a/features {\"features\":{\"rx-gro\":\"maybe\"}}", 400);
        cases.put("/api/v1/ethtool/gte3a/features {\"features\":{}}", 400);
        cases.put("/api/v1/ethtool/gte3a/features {\"rx-gro\":true}", 400);
        cases.put("/api/v1/ethtool/gte3a/features {\"features\":{\"gro\":true,\"lro\":true}}", 422);
        cases.put("/api/v1/ethtool/gte3a/channels {\"rx\":64}", 400);
        cases.put("/api/v1/ethtool/gte3a/channels {\"rx\":-1}", 400);
        cases.put("/api/v1/ethtool/gte3a/channels {\"rx\":4294967296}", 400);
        cases.put("/api/v1/ethtool/gte3a/channels {\"rxMax\":8}", 400);
        cases.put("/api/v1/ethtool/gte3a/channels {}", 400);
        cases.put("/api/v1/ethtool/gte3a/settings {\"duplex\":\"sideways\"}", 400);
        cases.put("/api/v1/ethtool/gte3a/settings {\"speed\":0}", 400);
        cases.put("/api/v1/ethtool/nosuch0/features {\"features\":{\"gro\":true}}", 404);
        cases.put("/api/v1/ethtool/..%2Fgte3a/channels {\"rx\":2}", 404);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            String[] parts = c.getKey().split(" ", 2);
            AgentHttp.Response r = patch(agent, parts[0], parts[1]);
            assertThat(r.status()).as(c.getKey() + " " + r.body()).isEqualTo(c.getValue());
            assertThat(r.header("Content-Type").orElse("")).as(c.getKey()).startsWith("application/problem+json");
        }
        assertThat(agent.http().get("/api/v1/ethtool/nosuch0").status()).isEqualTo(404);

        assertThat(sh(agent, "ethtool", "-k", "gte3a")).isEqualTo(features);
        assertThat(sh(agent, "ethtool", "-l", "gte3a")).isEqualTo(channels);
    }
}
