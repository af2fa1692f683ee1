package dev.gantry.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.agent.firewall.FirewallApi.NewChain;
import dev.gantry.agent.firewall.FirewallApi.NewRule;
import dev.gantry.agent.firewall.FirewallApi.NewSet;
import dev.gantry.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangesTest {
    @Test
    void tablesAndChainsAreCreatedNotAddedSoThatAnExistingOneIsAConflict() {
        assertThat(Changes.createTable("inet", "t", List.of())).isEqualTo("create table inet t\n");
        assertThat(Changes.createTable("ip", "t", List.of("dormant"))).isEqualTo("create table ip t { flags dormant; }\n");
        assertThat(Changes.createChain("inet", "t", new NewChain("c", null, null, null, null, null)))
                .isEqualTo("create chain inet t c\n");
        assertThat(Changes.createChain("inet", "t", new NewChain("in", null, "input", null, null, null)))
                .isEqualTo("create chain inet t in { type filter hook input priority 0; }\n");
        assertThat(Changes.createChain("netdev", "t", new NewChain("ing", "filter", "ingress", "-150", "drop", "eth0")))
                .isEqualTo("create chain netdev t ing { type filter hook ingress device \"eth0\" priority -150; "
                        + "policy drop; }\n");
    }

    @Test
    void aTextRuleIsAppendedInsertedOrReplaced() {
        assertThat(Changes.rule("inet", "t", "c", new NewRule("tcp dport 22 accept", null, null, null, "ssh")))
                .isEqualTo("add rule inet t c tcp dport 22 accept comment \"ssh\"\n");
        assertThat(Changes.rule("inet", "t", "c", new NewRule("accept", null, 4L, null, null)))
                .isEqualTo("insert rule inet t c position 4 accept\n");
        assertThat(Changes.rule("inet", "t", "c", new NewRule("drop", null, null, 5L, null)))
                .isEqualTo("replace rule inet t c handle 5 drop\n");
    }

    @Test
    void anExpressionRuleIsOneJsonCommand() {
        var expr = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().putNull("accept"));

        assertThat(Json.text(Changes.ruleJson("ip", "t", "c", new NewRule(null, expr, null, null, "a"))))
                .isEqualTo("{\"nftables\":[{\"add\":{\"rule\":{\"family\":\"ip\",\"table\":\"t\",\"chain\":\"c\","
                        + "\"expr\":[{\"accept\":null}],\"comment\":\"a\"}}}]}");
        assertThat(Json.text(Changes.ruleJson("ip", "t", "c", new NewRule(null, expr, 3L, null, null))))
                .isEqualTo("{\"nftables\":[{\"insert\":{\"rule\":{\"family\":\"ip\",\"table\":\"t\",\"chain\":\"c\","
                        + "\"expr\":[{\"accept\":null}],\"handle\":3}}}]}");
        assertThat(Json.text(Changes.ruleJson("ip", "t", "c", new NewRule(null, expr, null, 8L, null))))
                .startsWith("{\"nftables\":[{\"replace\":{\"rule\"").contains("\"handle\":8");
    }

    @Test
    void aSetAndItsElementsAreOneBatch() {
        assertThat(Changes.createSet("inet", "t", new NewSet("s", "ipv4_addr", null, List.of("interval"), "1h",
                List.of("10.0.0.0/8", "192.0.2.1"), "blocked")))
                .isEqualTo("create set inet t s { type ipv4_addr; flags interval; timeout 1h; comment \"blocked\"; }\n"
                        + "add element inet t s { 10.0.0.0/8, 192.0.2.1 }\n");
        assertThat(Changes.createSet("inet", "t", new NewSet("m", "ipv4_addr", "verdict", null, null, null, null)))
                .isEqualTo("create map inet t m { type ipv4_addr : verdict; }\n");
        assertThat(Changes.elements("delete", "ip", "t", "s", List.of("1.2.3.4")))
                .isEqualTo("delete element ip t s { 1.2.3.4 }\n");
    }
}
