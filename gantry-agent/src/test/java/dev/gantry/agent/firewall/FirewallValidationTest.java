package dev.gantry.agent.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gantry.agent.firewall.FirewallApi.Elements;
import dev.gantry.agent.firewall.FirewallApi.NewChain;
import dev.gantry.agent.firewall.FirewallApi.NewRule;
import dev.gantry.agent.firewall.FirewallApi.NewSet;
import dev.gantry.agent.firewall.FirewallApi.NewTable;
import dev.gantry.agent.firewall.FirewallApi.Run;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Problem;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallValidationTest {
    private static List<String> fields(Validated body) {
        Violations v = new Violations();
        body.validate(v);
        try {
            v.throwIfAny();
            return List.of();
        } catch (ApiException e) {
            return e.toProblem("/").errors().stream().map(Problem.FieldError::field).toList();
        }
    }

    @Test
    void namesFollowNftsIdentifierSyntax() {
        assertThat(Names.isName("filter")).isTrue();
        assertThat(Names.isName("_my.chain/v4-1")).isTrue();
        assertThat(Names.isName("1abc")).isFalse();
        assertThat(Names.isName("a b")).isFalse();
        assertThat(Names.isName("a;b")).isFalse();
        assertThat(Names.isName("a".repeat(256))).isFalse();
        assertThat(Names.isName("")).isFalse();
    }

    @Test
    void aTableNeedsAKnownFamilyAValidNameAndOnlyTheDormantFlag() {
        assertThat(fields(new NewTable("inet", "t", List.of("dormant")))).isEmpty();
        assertThat(fields(new NewTable("ipx", "t", null))).containsExactly("family");
        assertThat(fields(new NewTable("ip", "t;flush", List.of("owner")))).containsExactly("name", "flags");
    }

    @Test
    void chainFieldsOfABaseChainNeedAHook() {
        assertThat(fields(new NewChain("c", null, null, null, null, null))).isEmpty();
        assertThat(fields(new NewChain("c", "filter", "input", "filter - 5", "drop", null))).isEmpty();
        assertThat(fields(new NewChain("c", null, "ingress", "-150", null, "eth0"))).isEmpty();
        assertThat(fields(new NewChain("c", null, null, null, "drop", null))).containsExactly("hook");
        assertThat(fields(new NewChain("c", "mangle", "inbound", "0; flush ruleset", "reject", "a b")))
                .containsExactly("hook", "type", "priority", "policy", "device");
    }

    @Test
    void aRuleIsTextOrExpressionsAndTextCannotStartASecondCommand() {
        assertThat(fields(new NewRule("tcp dport { 22, 80 } accept # ok", null, null, null, null))).isEmpty();
        assertThat(fields(new NewRule(null, JsonNodeFactory.instance.arrayNode().add(
                JsonNodeFactory.instance.objectNode().putNull("accept")), 3L, null, "web"))).isEmpty();
        assertThat(fields(new NewRule(null, null, null, null, null))).containsExactly("rule");
        assertThat(fields(new NewRule("accept", JsonNodeFactory.instance.arrayNode(), null, null, null)))
                .containsExactly("rule");
        assertThat(fields(new NewRule("accept; flush ruleset", null, null, null, null))).containsExactly("rule");
        assertThat(fields(new NewRule("accept\nflush ruleset", null, null, null, null))).containsExactly("rule");
        assertThat(fields(new NewRule(null, JsonNodeFactory.instance.objectNode(), null, null, null)))
                .containsExactly("expr");
        assertThat(fields(new NewRule("accept", null, 1L, 2L, "a\"b"))).containsExactly("position", "comment");
        assertThat(fields(new NewRule("accept", null, 0L, null, null))).containsExactly("position");
    }

    @Test
    void aNullExprCountsAsAbsent() {
        assertThat(new NewRule("accept", JsonNodeFactory.instance.nullNode(), null, null, null).expr()).isNull();
    }

    @Test
    void setsNeedADataTypeAndElementsThatStayInsideTheirList() {
        assertThat(fields(new NewSet("s", "ipv4_addr . inet_service", null, List.of("interval", "timeout"), "1h30m",
                List.of("10.0.0.1 . 22"), "x"))).isEmpty();
        assertThat(fields(new NewSet("m", "ipv4_addr", "verdict", null, null, List.of("1.2.3.4 : accept"), null)))
                .isEmpty();
        assertThat(fields(new NewSet("s", "ipv4_addr; flush", "x y", List.of("big"), "soon",
                List.of("1.2.3.4 }", "a,b"), null)))
                .containsExactly("type", "map", "flags", "timeout", "elements[0]", "elements[1]");
        assertThat(fields(new Elements(List.of()))).containsExactly("elements");
        assertThat(fields(new Elements(List.of("10.0.0.0/8", "1-5")))).isEmpty();
    }

    @Test
    void runTakesOutputOptionsAndOneCommandButNothingThatReadsFiles() {
        assertThat(fields(new Run(List.of("-j", "-a", "list", "ruleset")))).isEmpty();
        assertThat(fields(new Run(List.of("-ja", "--", "add", "chain", "ip", "t", "c", "{", "type", "filter", "hook",
                "input", "priority", "-100", ";", "}")))).containsExactly("args[14]");
        assertThat(fields(new Run(List.of("-f", "/etc/shadow")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("-I", "/etc", "list", "ruleset")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("--file=/etc/shadow")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("-jf", "/etc/shadow")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("include", "\"/etc/shadow\"")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("add table ip t { include \"/etc/shadow\" }")))).containsExactly("args[0]");
        assertThat(fields(new Run(List.of("list", "ruleset\nflush", "ruleset")))).containsExactly("args[1]");
        assertThat(fields(new Run(List.of("list", "ruleset", "-f")))).containsExactly("args[2]");
        assertThat(fields(new Run(List.of()))).containsExactly("args");
    }
}
