package dev.gantry.it.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.WithAgentBox;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3 of the event broker: the installed agent (user gantry, CAP_NET_ADMIN from its unit)
 * with {@code RoutingPolicyRules = "gsec"} in a box. A primary veth has the default gateway, a
 * secondary veth an address in the same subnet; what the kernel holds is read back with {@code ip -j}.
 */
@WithAgentBox
class PolicyRoutingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "[Events]\nRoutingPolicyRules = \"gsec\"\n";

    @BeforeEach
    void twoLinksInOneSubnet(AgentBox agent) {
        ip(agent, "link add gpri type veth peer name gpri-p");
        ip(agent, "link add gsec type veth peer name gsec-p");
        for (String l : List.of("gpri", "gpri-p", "gsec", "gsec-p")) {
            ip(agent, "link set " + l + " up");
        }
        ip(agent, "addr add 10.88.0.2/24 dev gpri");
        ip(agent, "route replace default via 10.88.0.1 dev gpri");
        ip(agent, "addr add 10.88.0.3/24 dev gsec");
        ip(agent, "addr add 10.88.0.13/24 dev gsec");
    }

    @AfterEach
    void removeLinks(AgentBox agent) {
        agent.box().exec("ip", "link", "del", "gpri");
        agent.box().exec("ip", "link", "del", "gsec");
        agent.box().exec("ip", "rule", "del", "from", "10.9.9.9", "lookup", "10500");
        agent.configure("");
    }

    private static void ip(AgentBox agent, String line) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(line.split(" ")));
        agent.box().exec(argv.toArray(String[]::new)).orThrow();
    }

    private static JsonNode ipJson(AgentBox agent, String line) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "-j"));
        argv.addAll(List.of(line.split(" ")));
        String out = agent.box().exec(argv.toArray(String[]::new)).orThrow().stdout();
        return JSON.readTree(out.isBlank() ? "[]" : out);
    }

    private static long table(AgentBox agent, String link) throws Exception {
        return 9999 + ipJson(agent, "link show " + link).get(0).get("ifindex").asLong();
    }

    private static List<String> routes(AgentBox agent, long table) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : ipJson(agent, "-4 route show table all")) {
            if (r.path("table").asText().equals(Long.toString(table))) {
                out.add(r.get("dst").asText() + (r.has("gateway") ? " via " + r.get("gateway").asText() : "")
                        + " dev " + r.get("dev").asText() + " proto " + r.path("protocol").asText());
            }
        }
        return out;
    }

    private static List<String> rules(AgentBox agent, long table) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : ipJson(agent, "-4 rule show")) {
            if (r.path("table").asText().equals(Long.toString(table))) {
                out.add(r.get("priority").asLong() + " "
                        + (r.has("dst") ? "to " + r.get("dst").asText() : "from " + r.get("src").asText())
                        + " proto " + (r.has("protocol") ? r.get("protocol").asText() : "none"));
            }
        }
        return out;
    }

    /** Polls until {@code done}: the broker acts on netlink events, asynchronously. */
    private static <T> T await(Read<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws Exception;
    }

    @Test
    void theSecondaryGetsItsTableAndRulesLosesAnAddressesRulesAndARestartDuplicatesNothing(AgentBox agent)
            throws Exception {
        long t = table(agent, "gsec");
        agent.configure(CONFIG);

        assertThat(await(() -> routes(agent, t), r -> r.size() == 2)).containsExactlyInAnyOrder(
                "default via 10.88.0.1 dev gsec proto 195", "10.88.0.0/24 dev gsec proto 195");
        assertThat(await(() -> rules(agent, t), r -> r.size() == 4)).containsExactlyInAnyOrder(
                "30000 from 10.88.0.3 proto 195", "30000 to 10.88.0.3 proto 195",
                "30000 from 10.88.0.13 proto 195", "30000 to 10.88.0.13 proto 195");
        assertThat(rules(agent, table(agent, "gpri"))).isEmpty();

        ip(agent, "addr del 10.88.0.13/24 dev gsec");
        assertThat(await(() -> rules(agent, t), r -> r.size() == 2)).containsExactlyInAnyOrder(
                "30000 from 10.88.0.3 proto 195", "30000 to 10.88.0.3 proto 195");

        agent.restartAgent();
        // A new address after the restart shows the restarted agent is at work, and nothing doubled.
        ip(agent, "addr add 10.88.0.23/24 dev gsec");
        assertThat(await(() -> rules(agent, t), r -> r.size() == 4)).containsExactlyInAnyOrder(
                "30000 from 10.88.0.3 proto 195", "30000 to 10.88.0.3 proto 195",
                "30000 from 10.88.0.23 proto 195", "30000 to 10.88.0.23 proto 195");
        assertThat(routes(agent, t)).containsExactlyInAnyOrder(
                "default via 10.88.0.1 dev gsec proto 195", "10.88.0.0/24 dev gsec proto 195");

        ip(agent, "addr flush dev gsec");
        assertThat(await(() -> rules(agent, t), List::isEmpty)).isEmpty();
        assertThat(await(() -> routes(agent, t), List::isEmpty)).isEmpty();
    }

    @Test
    void theApiAndTheCliShowWhatIsKeptAndAStartRemovesLeftoversOfOursOnly(AgentBox agent) throws Exception {
        long t = table(agent, "gsec");
        ip(agent, "rule add from 10.9.9.9 lookup 10500 pref 30000 proto 195");
        ip(agent, "rule add from 10.9.9.8 lookup 10500 pref 30000");
        agent.configure(CONFIG);
        await(() -> rules(agent, t), r -> r.size() == 4);

        assertThat(await(() -> rules(agent, 10500), r -> r.size() == 1)).containsExactly("30000 from 10.9.9.8 proto none");
        var answer = agent.http().get("/api/v1/network/policy-routes");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode kept = JSON.readTree(answer.body());
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).get("link").asText()).isEqualTo("gsec");
        assertThat(kept.get(0).get("table").asLong()).isEqualTo(t);
        assertThat(kept.get(0).get("rules")).hasSize(4);
        assertThat(kept.get(0).get("routes")).hasSize(2);

        String cli = agent.box().exec("gantry", "network", "policy-routes").orThrow().stdout();
        assertThat(cli).contains("gsec").contains("default via 10.88.0.1").contains("30000 from 10.88.0.3")
                .contains(Long.toString(t));
    }
}
