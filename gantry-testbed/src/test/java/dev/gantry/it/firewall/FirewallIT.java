package dev.gantry.it.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The firewall module against the kernel's nftables in a booted box, the agent installed from its
 * package and running as user gantry. Every effect is read back with {@code nft -j list ruleset}
 * run as root inside the box, never through the agent.
 */
@WithAgentBox
class FirewallIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private static String unique(String prefix) {
        return prefix + NEXT.incrementAndGet();
    }

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** The kernel's ruleset as root reads it in the box. */
    private static JsonNode ruleset(AgentBox agent) throws Exception {
        return JSON.readTree(agent.box().exec("nft", "-j", "list", "ruleset").orThrow().stdout()).get("nftables");
    }

    /** Objects of one kind ("table", "chain", "rule", "set") in a listing that belong to {@code table}. */
    private static List<JsonNode> objects(JsonNode nftables, String kind, String table) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : nftables) {
            JsonNode o = item.get(kind);
            if (o != null && table.equals(kind.equals("table") ? o.path("name").asText() : o.path("table").asText())) {
                found.add(o);
            }
        }
        return found;
    }

    private static void post(AgentBox agent, String path, String body, int status) throws Exception {
        AgentHttp.Response r = agent.http().post(path, body);
        assertThat(r.status()).as(path + " " + body + " -> " + r.body()).isEqualTo(status);
    }

    private static String tableWithInputChain(AgentBox agent) throws Exception {
        String table = unique("gt");
        post(agent, "/api/v1/firewall/tables", "{\"family\":\"inet\",\"name\":\"" + table + "\"}", 201);
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains",
                "{\"name\":\"input\",\"hook\":\"input\",\"priority\":\"0\",\"policy\":\"accept\"}", 201);
        return table;
    }

    @Test
    void aTableBaseChainRuleAndSetMadeThroughTheApiAreInTheKernelAndComeBackAfterSaveFlushRestore(AgentBox agent)
            throws Exception {
        String table = unique("gt");
        AgentHttp.Response created = agent.http().post("/api/v1/firewall/tables",
                "{\"family\":\"inet\",\"name\":\"" + table + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("name").asText()).isEqualTo(table);
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains",
                "{\"name\":\"input\",\"type\":\"filter\",\"hook\":\"input\",\"priority\":\"filter\",\"policy\":\"accept\"}",
                201);
        AgentHttp.Response set = agent.http().post("/api/v1/firewall/tables/inet/" + table + "/sets",
                "{\"name\":\"blocked\",\"type\":\"ipv4_addr\",\"flags\":[\"interval\"],"
                        + "\"elements\":[\"10.0.0.0/8\",\"192.0.2.7\"]}");
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        AgentHttp.Response rule = agent.http().post("/api/v1/firewall/tables/inet/" + table + "/chains/input/rules",
                "{\"rule\":\"tcp dport 2222 counter accept\",\"comment\":\"ssh alt\"}");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(json(rule).get("text").asText()).startsWith("tcp dport 2222 counter packets 0 bytes 0 accept");
        AgentHttp.Response exprRule = agent.http().post("/api/v1/firewall/tables/inet/" + table
                + "/chains/input/rules", "{\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":"
                + "{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"right\":\"@blocked\"}},{\"drop\":null}]}");
        assertThat(exprRule.status()).as(exprRule.body()).isEqualTo(201);
        assertThat(json(exprRule).get("text").asText()).isEqualTo("ip saddr @blocked drop");

        JsonNode kernel = ruleset(agent);
        assertThat(objects(kernel, "table", table)).hasSize(1);
        JsonNode chain = objects(kernel, "chain", table).getFirst();
        assertThat(chain.get("hook").asText()).isEqualTo("input");
        assertThat(chain.get("type").asText()).isEqualTo("filter");
        assertThat(chain.get("policy").asText()).isEqualTo("accept");
        List<JsonNode> rules = objects(kernel, "rule", table);
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("comment").asText()).isEqualTo("ssh alt");
        assertThat(rules.get(0).get("expr").get(0).get("match").get("right").asInt()).isEqualTo(2222);
        assertThat(rules.get(1).get("expr").get(0).get("match").get("right").asText()).isEqualTo("@blocked");
        JsonNode kernelSet = objects(kernel, "set", table).getFirst();
        assertThat(kernelSet.get("elem").toString())
                .isEqualTo("[{\"prefix\":{\"addr\":\"10.0.0.0\",\"len\":8}},\"192.0.2.7\"]");

        AgentHttp.Response saved = agent.http().post("/api/v1/firewall/save", "");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).get("path").asText()).isEqualTo("/etc/nftables.conf");
        String file = agent.box().readFile("/etc/nftables.conf");
        assertThat(file).startsWith("#!/usr/sbin/nft -f\n").contains("flush ruleset\n")
                .contains("table inet " + table + " {");
        assertThat(agent.box().exec("stat", "-c", "%u:%g", "/etc/nftables.conf").orThrow().out()).isEqualTo("0:0");

        JsonNode before = comparable(ruleset(agent));
        agent.box().exec("nft", "flush", "ruleset").orThrow();
        assertThat(objects(ruleset(agent), "table", table)).isEmpty();

        AgentHttp.Response restored = agent.http().post("/api/v1/firewall/restore", "");
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(comparable(ruleset(agent))).isEqualTo(before);
    }

    @Test
    void saveKeepsThePreviousFileAsBackupAndRestoreCanLoadIt(AgentBox agent) throws Exception {
        String first = tableWithInputChain(agent);
        post(agent, "/api/v1/firewall/save", "", 200);
        String second = tableWithInputChain(agent);
        AgentHttp.Response saved = agent.http().post("/api/v1/firewall/save", "");
        assertThat(json(saved).get("backup").asText()).isEqualTo("/etc/nftables.conf.bak");
        String backup = agent.box().readFile("/etc/nftables.conf.bak");
        assertThat(backup).contains("table inet " + first + " {").doesNotContain("table inet " + second + " {");

        post(agent, "/api/v1/firewall/restore", "{\"from\":\"backup\"}", 200);

        JsonNode kernel = ruleset(agent);
        assertThat(objects(kernel, "table", first)).hasSize(1);
        assertThat(objects(kernel, "table", second)).isEmpty();
    }

    @Test
    void anInvalidRuleIsA400WithNftsMessageAndTheRulesetIsUnchanged(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        String rules = "/api/v1/firewall/tables/inet/" + table + "/chains/input/rules";
        post(agent, rules, "{\"rule\":\"tcp dport 22 accept\"}", 201);
        JsonNode before = ruleset(agent);

        AgentHttp.Response bad = agent.http().post(rules, "{\"rule\":\"tcp dprt 22 accept\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(bad);
        assertThat(problem.get("type").asText()).endsWith("/nft-rejected");
        assertThat(problem.get("detail").asText()).contains("Error: syntax error, unexpected string")
                .contains("tcp dprt 22 accept");
        assertThat(ruleset(agent)).isEqualTo(before);
    }

    @Test
    void ruleTextThatWouldStartASecondCommandIsRefusedBeforeNftSeesIt(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        JsonNode before = ruleset(agent);

        AgentHttp.Response bad = agent.http().post("/api/v1/firewall/tables/inet/" + table + "/chains/input/rules",
                "{\"rule\":\"accept; flush ruleset\"}");

        assertThat(bad.status()).isEqualTo(400);
        JsonNode problem = json(bad);
        assertThat(problem.get("type").asText()).endsWith("/invalid-request");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("rule");
        assertThat(ruleset(agent)).isEqualTo(before);
    }

    @Test
    void aBatchIsAllOrNothingASetWithABadElementLeavesNoSet(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);

        AgentHttp.Response bad = agent.http().post("/api/v1/firewall/tables/inet/" + table + "/sets",
                "{\"name\":\"s\",\"type\":\"ipv4_addr\",\"elements\":[\"10.0.0.1\",\"not-an-address\"]}");

        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(json(bad).get("detail").asText()).contains("not-an-address");
        assertThat(objects(ruleset(agent), "set", table)).isEmpty();
    }

    @Test
    void dryRunChecksAChangeWithoutMakingIt(AgentBox agent) throws Exception {
        String table = unique("gt");
        AgentHttp.Response ok = agent.http().post("/api/v1/firewall/tables?dryRun=true",
                "{\"family\":\"inet\",\"name\":\"" + table + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(204);
        assertThat(objects(ruleset(agent), "table", table)).isEmpty();

        String existing = tableWithInputChain(agent);
        JsonNode before = ruleset(agent);
        AgentHttp.Response bad = agent.http().post("/api/v1/firewall/tables/inet/" + existing
                + "/chains/input/rules?dryRun=true", "{\"rule\":\"tcp dport 22 acept\"}");
        assertThat(bad.status()).isEqualTo(400);
        AgentHttp.Response good = agent.http().post("/api/v1/firewall/tables/inet/" + existing
                + "/chains/input/rules?dryRun=true", "{\"rule\":\"tcp dport 22 accept\"}");
        assertThat(good.status()).isEqualTo(204);
        assertThat(ruleset(agent)).isEqualTo(before);
    }

    @Test
    void rulesAreInsertedBeforeAPositionAndReplacedByHandle(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        String rules = "/api/v1/firewall/tables/inet/" + table + "/chains/input/rules";
        long first = json(agent.http().post(rules, "{\"rule\":\"tcp dport 1 accept\"}")).get("handle").asLong();
        post(agent, rules, "{\"rule\":\"tcp dport 2 accept\",\"position\":" + first + "}", 201);
        AgentHttp.Response replaced = agent.http().post(rules, "{\"expr\":[{\"match\":{\"op\":\"==\",\"left\":"
                + "{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":3}},{\"drop\":null}],\"handle\":"
                + first + "}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);

        List<String> kernel = new ArrayList<>();
        for (JsonNode r : objects(ruleset(agent), "rule", table)) {
            JsonNode match = r.get("expr").get(0).get("match");
            kernel.add(match.get("right").asText() + " " + r.get("expr").get(1).fieldNames().next());
        }
        assertThat(kernel).containsExactly("2 accept", "3 drop");
        JsonNode listed = json(agent.http().get(rules));
        assertThat(listed.get(0).get("text").asText()).isEqualTo("tcp dport 2 accept");
        assertThat(listed.get(1).get("text").asText()).isEqualTo("tcp dport 3 drop");
    }

    @Test
    void deletesRemoveRulesElementsSetsChainsAndTablesFromTheKernel(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        String base = "/api/v1/firewall/tables/inet/" + table;
        long handle = json(agent.http().post(base + "/chains/input/rules", "{\"rule\":\"udp dport 53 accept\"}"))
                .get("handle").asLong();
        post(agent, base + "/sets", "{\"name\":\"ports\",\"type\":\"inet_service\",\"elements\":[\"22\",\"80\",\"443\"]}",
                201);
        post(agent, base + "/chains", "{\"name\":\"spare\"}", 201);

        assertThat(agent.http().delete(base + "/chains/input/rules/" + handle).status()).isEqualTo(204);
        assertThat(objects(ruleset(agent), "rule", table)).isEmpty();

        AgentHttp.Response fewer = agent.http().delete(base + "/sets/ports/elements?elements=22,443");
        assertThat(fewer.status()).as(fewer.body()).isEqualTo(200);
        assertThat(objects(ruleset(agent), "set", table).getFirst().get("elem").toString()).isEqualTo("[80]");
        post(agent, base + "/sets/ports/elements", "{\"elements\":[\"8080\"]}", 200);
        assertThat(objects(ruleset(agent), "set", table).getFirst().get("elem").toString()).isEqualTo("[80,8080]");

        assertThat(agent.http().delete(base + "/sets/ports").status()).isEqualTo(204);
        assertThat(objects(ruleset(agent), "set", table)).isEmpty();
        assertThat(agent.http().delete(base + "/chains/spare").status()).isEqualTo(204);
        assertThat(objects(ruleset(agent), "chain", table)).extracting(c -> c.get("name").asText())
                .containsExactly("input");
        assertThat(agent.http().delete(base).status()).isEqualTo(204);
        assertThat(objects(ruleset(agent), "table", table)).isEmpty();
    }

    @Test
    void unknownTablesChainsSetsAndRulesAre404AndCreatingATwiceIs409(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        String base = "/api/v1/firewall/tables/inet/" + table;
        assertThat(agent.http().get("/api/v1/firewall/tables/inet/nosuch/chains").status()).isEqualTo(404);
        assertThat(agent.http().get(base + "/chains/nosuch/rules").status()).isEqualTo(404);
        AgentHttp.Response noChain = agent.http().post(base + "/chains/nosuch/rules", "{\"rule\":\"accept\"}");
        assertThat(noChain.status()).isEqualTo(404);
        assertThat(json(noChain).get("detail").asText()).isEqualTo("no chain nosuch in table inet " + table);
        assertThat(agent.http().delete(base + "/chains/input/rules/999999").status()).isEqualTo(404);
        assertThat(agent.http().delete(base + "/sets/nosuch").status()).isEqualTo(404);
        assertThat(agent.http().get("/api/v1/firewall/tables/inet/bad%20name").status()).isEqualTo(400);
        AgentHttp.Response again = agent.http().post("/api/v1/firewall/tables",
                "{\"family\":\"inet\",\"name\":\"" + table + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).get("detail").asText()).contains("File exists");
    }

    @Test
    void runExecutesOneNftCommandAndRefusesOptionsThatReadFiles(AgentBox agent) throws Exception {
        String table = unique("gt");
        AgentHttp.Response added = agent.http().post("/api/v1/firewall/run",
                "{\"args\":[\"add\",\"table\",\"ip\",\"" + table + "\"]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(objects(ruleset(agent), "table", table)).extracting(t -> t.get("family").asText())
                .containsExactly("ip");
        AgentHttp.Response listed = agent.http().post("/api/v1/firewall/run", "{\"args\":[\"-j\",\"list\",\"tables\"]}");
        assertThat(json(listed).get("json").get("nftables").toString()).contains("\"name\":\"" + table + "\"");

        AgentHttp.Response file = agent.http().post("/api/v1/firewall/run", "{\"args\":[\"-f\",\"/etc/shadow\"]}");
        assertThat(file.status()).isEqualTo(400);
        assertThat(json(file).get("errors").get(0).get("field").asText()).isEqualTo("args[0]");
        AgentHttp.Response include = agent.http().post("/api/v1/firewall/run",
                "{\"args\":[\"include\",\"\\\"/etc/shadow\\\"\"]}");
        assertThat(include.status()).isEqualTo(400);
        AgentHttp.Response failing = agent.http().post("/api/v1/firewall/run",
                "{\"args\":[\"delete\",\"table\",\"ip\",\"nosuch\"]}");
        assertThat(failing.status()).isEqualTo(400);
        assertThat(json(failing).get("detail").asText()).contains("No such file or directory");
    }

    @Test
    void theApiReadsWhatTheKernelHas(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        agent.box().exec("nft", "add", "rule", "inet", table, "input", "tcp", "dport", "8443", "accept").orThrow();

        JsonNode rules = json(agent.http().get("/api/v1/firewall/tables/inet/" + table + "/chains/input/rules"));
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("text").asText()).isEqualTo("tcp dport 8443 accept");
        JsonNode ruleset = json(agent.http().get("/api/v1/firewall/ruleset")).get("nftables");
        assertThat(comparable(ruleset)).isEqualTo(comparable(ruleset(agent)));
        JsonNode tables = json(agent.http().get("/api/v1/firewall/tables"));
        assertThat(tables.findValuesAsText("name")).contains(table);
    }

    @Test
    void resettingCountersAnswersTheirValuesAndZeroesThemInTheKernel(AgentBox agent) throws Exception {
        String table = unique("gt");
        post(agent, "/api/v1/firewall/tables", "{\"family\":\"inet\",\"name\":\"" + table + "\"}", 201);
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains",
                "{\"name\":\"out\",\"hook\":\"output\",\"priority\":\"0\"}", 201);
        post(agent, "/api/v1/firewall/run", "{\"args\":[\"add\",\"counter\",\"inet\",\"" + table + "\",\"hits\"]}",
                200);
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains/out/rules",
                "{\"rule\":\"tcp dport 9 counter name hits\"}", 201);
        agent.box().exec("bash", "-c", "echo > /dev/tcp/127.0.0.1/9 || true");
        String listCounter = "nft -j list counter inet " + table + " hits";
        JsonNode before = JSON.readTree(agent.box().exec("sh", "-c", listCounter).orThrow().stdout());
        long packets = before.get("nftables").get(1).get("counter").get("packets").asLong();
        assertThat(packets).isPositive();

        AgentHttp.Response reset = agent.http().post("/api/v1/firewall/counters/reset?family=inet&table=" + table, "");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(json(reset).get(0).get("name").asText()).isEqualTo("hits");
        assertThat(json(reset).get(0).get("packets").asLong()).isEqualTo(packets);
        JsonNode after = JSON.readTree(agent.box().exec("sh", "-c", listCounter).orThrow().stdout());
        assertThat(after.get("nftables").get(1).get("counter").get("packets").asLong()).isZero();
    }

    /** packets of each rule of {@code table}'s chain out, by the rule's UDP port, as root reads them in the box. */
    private static Map<String, Long> rulePackets(AgentBox agent, String table) throws Exception {
        Map<String, Long> packets = new TreeMap<>();
        for (JsonNode rule : objects(ruleset(agent), "rule", table)) {
            packets.put(rule.findValue("right").asText(), rule.findValue("counter").get("packets").asLong());
        }
        return packets;
    }

    @Test
    void countersInsideRulesAreZeroedOneRuleAChainOrWithTheNamedCounters(AgentBox agent) throws Exception {
        String table = unique("gt");
        post(agent, "/api/v1/firewall/tables", "{\"family\":\"inet\",\"name\":\"" + table + "\"}", 201);
        String chain = "/api/v1/firewall/tables/inet/" + table + "/chains/out";
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains",
                "{\"name\":\"out\",\"hook\":\"output\",\"priority\":\"0\"}", 201);
        long first = json(agent.http().post(chain + "/rules", "{\"rule\":\"udp dport 9 counter\"}")).get("handle").asLong();
        post(agent, chain + "/rules", "{\"rule\":\"udp dport 10 counter\"}", 201);
        String send = "for i in 1 2 3; do echo x >/dev/udp/127.0.0.1/9; echo x >/dev/udp/127.0.0.1/10; done";
        agent.box().exec("bash", "-c", send).orThrow();
        assertThat(rulePackets(agent, table)).containsExactly(Map.entry("10", 3L), Map.entry("9", 3L));

        AgentHttp.Response one = agent.http().post(chain + "/rules/" + first + "/reset", "");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(json(one).get("handle").asLong()).isEqualTo(first);
        assertThat(rulePackets(agent, table)).containsExactly(Map.entry("10", 3L), Map.entry("9", 0L));

        AgentHttp.Response all = agent.http().post(chain + "/rules/reset", "");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(json(all).get("rules").asInt()).isEqualTo(2);
        assertThat(rulePackets(agent, table)).containsExactly(Map.entry("10", 0L), Map.entry("9", 0L));

        agent.box().exec("bash", "-c", send).orThrow();
        post(agent, "/api/v1/firewall/counters/reset?family=inet&table=" + table + "&rules=true", "", 200);
        assertThat(rulePackets(agent, table)).containsExactly(Map.entry("10", 0L), Map.entry("9", 0L));

        agent.box().exec("bash", "-c", send).orThrow();
        assertThat(agent.http().post(chain + "/rules/999999/reset", "").status()).isEqualTo(404);
        assertThat(agent.http().post(chain + "/rules/x/reset", "").status()).isEqualTo(400);
        assertThat(agent.http().post("/api/v1/firewall/tables/inet/" + table + "/chains/nosuch/rules/reset", "")
                .status()).isEqualTo(404);
        assertThat(rulePackets(agent, table)).containsExactly(Map.entry("10", 3L), Map.entry("9", 3L));
    }

    @Test
    void aVerdictMapIsCreatedWithItsElements(AgentBox agent) throws Exception {
        String table = tableWithInputChain(agent);
        post(agent, "/api/v1/firewall/tables/inet/" + table + "/chains", "{\"name\":\"web\"}", 201);

        AgentHttp.Response map = agent.http().post("/api/v1/firewall/tables/inet/" + table + "/sets",
                "{\"name\":\"by_port\",\"type\":\"inet_service\",\"map\":\"verdict\","
                        + "\"elements\":[\"80 : jump web\",\"22 : accept\"]}");

        assertThat(map.status()).as(map.body()).isEqualTo(201);
        assertThat(json(map).get("kind").asText()).isEqualTo("map");
        JsonNode kernel = ruleset(agent);
        JsonNode kernelMap = null;
        for (JsonNode item : kernel) {
            if (item.has("map") && item.get("map").get("table").asText().equals(table)) {
                kernelMap = item.get("map");
            }
        }
        assertThat(kernelMap).isNotNull();
        assertThat(kernelMap.get("map").asText()).isEqualTo("verdict");
        List<String> elements = new ArrayList<>();
        kernelMap.get("elem").forEach(e -> elements.add(e.toString()));
        assertThat(elements).containsExactlyInAnyOrder("[22,{\"accept\":null}]", "[80,{\"jump\":{\"target\":\"web\"}}]");
    }

    /** A listing without what a reload changes: handles and counter values. */
    private static JsonNode comparable(JsonNode nftables) {
        JsonNode copy = nftables.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("handle", "packets", "bytes"));
            o.forEach(FirewallIT::strip);
        } else if (node instanceof ArrayNode a) {
            for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        }
    }
}
