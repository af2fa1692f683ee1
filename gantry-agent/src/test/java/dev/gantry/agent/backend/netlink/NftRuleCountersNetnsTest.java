package dev.gantry.agent.backend.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule counter resets in a network namespace of their own: packets sent there are counted by rules
 * in two tables, and every reset is checked against what {@code nft -j list ruleset} then shows.
 */
class NftRuleCountersNetnsTest {
    private TestNetns ns;
    private NftRuleCounters counters;

    @BeforeEach
    void rulesetWithCountedPackets() throws Exception {
        assumeTrue(TestNetns.possible(), "creating a network namespace needs root");
        ns = TestNetns.create();
        ns.ip("link", "set", "lo", "up");
        ns.exec("nft", "add table inet t; add chain inet t out { type filter hook output priority 0; }; "
                + "add rule inet t out udp dport 9 counter; add rule inet t out udp dport 10 counter; "
                + "add table ip u; add chain ip u out { type filter hook output priority 0; }; "
                + "add rule ip u out udp dport 9 counter");
        ns.exec("bash", "-c", "for i in 1 2 3; do echo x >/dev/udp/127.0.0.1/9; echo x >/dev/udp/127.0.0.1/10; done");
        counters = new NftRuleCounters();
        assertThat(packets()).containsExactly(Map.entry("inet t out 9", 3L), Map.entry("inet t out 10", 3L),
                Map.entry("ip u out 9", 3L));
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (counters != null) {
            counters.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void oneRuleIsZeroedAndKeepsItsHandle() throws Exception {
        long handle = handles().get("inet t out 9");
        ns.call(() -> {
            counters.resetRule("inet", "t", "out", handle);
            return null;
        });
        assertThat(packets()).containsExactly(Map.entry("inet t out 9", 0L), Map.entry("inet t out 10", 3L),
                Map.entry("ip u out 9", 3L));
        assertThat(handles().get("inet t out 9")).isEqualTo(handle);
    }

    @Test
    void aTableAFamilyOrEverythingIsZeroed() throws Exception {
        assertThat(ns.call(() -> counters.resetRules("inet", "t", "out"))).isEqualTo(2);
        assertThat(packets()).containsExactly(Map.entry("inet t out 9", 0L), Map.entry("inet t out 10", 0L),
                Map.entry("ip u out 9", 3L));
        ns.exec("bash", "-c", "echo x >/dev/udp/127.0.0.1/9");
        assertThat(ns.call(() -> counters.resetRules("ip", null, null))).isEqualTo(1);
        assertThat(packets()).containsExactly(Map.entry("inet t out 9", 1L), Map.entry("inet t out 10", 0L),
                Map.entry("ip u out 9", 0L));
        assertThat(ns.call(() -> counters.resetRules(null, null, null))).isEqualTo(3);
        assertThat(packets().values()).containsOnly(0L);
    }

    @Test
    void anUnknownHandleIsTheKernelsEnoentAndAnUnknownTableResetsNothing() throws Exception {
        assertThatThrownBy(() -> ns.call(() -> {
            counters.resetRule("inet", "t", "out", 999_999);
            return null;
        })).cause().isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENOENT));
        // A dump filtered by a table that does not exist goes through no rule: the module checks names first.
        assertThat(ns.call(() -> counters.resetRules("inet", "nosuch", null))).isZero();
        assertThat(packets().values()).containsOnly(3L);
    }

    private Map<String, Long> packets() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        rules((key, rule) -> out.put(key, rule.findValue("counter").get("packets").asLong()));
        return out;
    }

    private Map<String, Long> handles() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        rules((key, rule) -> out.put(key, rule.get("handle").asLong()));
        return out;
    }

    private void rules(java.util.function.BiConsumer<String, JsonNode> each) throws Exception {
        for (JsonNode item : Json.mapper().readTree(ns.exec("nft", "-j", "list", "ruleset")).get("nftables")) {
            JsonNode rule = item.get("rule");
            if (rule != null) {
                String port = rule.findValue("right").asText();
                each.accept(rule.get("family").asText() + " " + rule.get("table").asText() + " "
                        + rule.get("chain").asText() + " " + port, rule);
            }
        }
    }
}
