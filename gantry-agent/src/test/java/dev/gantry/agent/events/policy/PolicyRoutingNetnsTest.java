package dev.gantry.agent.events.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.agent.backend.netlink.NetlinkMonitor;
import dev.gantry.agent.backend.netlink.RtNames;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.netlink.TestNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The policy routing against a real kernel, in a network namespace the test creates: a primary veth
 * with the default gateway and a secondary one with an address in the same subnet, as in the
 * broker's use case. What the kernel holds is read back with {@code ip -j}.
 */
class PolicyRoutingNetnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestNetns ns;
    private Rtnl rtnl;
    private NetlinkMonitor monitor;
    private final List<PolicyRouting> started = new ArrayList<>();

    @BeforeEach
    void namespaceWithTwoLinksInOneSubnet() throws Exception {
        assumeTrue(TestNetns.possible(), "creating a network namespace needs root");
        ns = TestNetns.create();
        ns.ip("link", "add", "gp0", "type", "veth", "peer", "name", "gp0p");
        ns.ip("link", "add", "gp1", "type", "veth", "peer", "name", "gp1p");
        for (String l : List.of("gp0", "gp0p", "gp1", "gp1p")) {
            ns.ip("link", "set", l, "up");
        }
        ns.ip("addr", "add", "10.77.0.2/24", "dev", "gp0");
        ns.ip("route", "add", "default", "via", "10.77.0.1", "dev", "gp0");
        ns.ip("addr", "add", "10.77.0.3/24", "dev", "gp1");
        ns.ip("addr", "add", "2001:db8:77::3/64", "dev", "gp1", "nodad");
        rtnl = ns.call(() -> new Rtnl(RtNames.host()));
        monitor = ns.call(() -> NetlinkMonitor.start(RtNames.host(), List.of()));
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        started.forEach(PolicyRouting::close);
        if (monitor != null) {
            monitor.close();
        }
        if (rtnl != null) {
            rtnl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private PolicyRouting start(String... links) throws Exception {
        PolicyRouting p = ns.call(() -> PolicyRouting.start(new PolicyRoutingSettings(List.of(links)), rtnl, monitor));
        started.add(p);
        return p;
    }

    private void stop(PolicyRouting p) {
        p.close();
        started.remove(p);
    }

    private long table(String link) throws Exception {
        return 9999 + JSON.readTree(ns.ip("-j", "link", "show", link)).get(0).get("ifindex").asLong();
    }

    private List<JsonNode> routes(long table) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            // "table all", filtered: asking for a table the kernel has not created yet is an error.
            JSON.readTree(ns.ip("-j", family, "route", "show", "table", "all")).forEach(r -> {
                if (r.path("table").asText().equals(Long.toString(table))) {
                    out.add(r);
                }
            });
        }
        return out;
    }

    private List<JsonNode> rules(long table) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            JSON.readTree(ns.ip("-j", family, "rule", "show")).forEach(r -> {
                if (r.path("table").asText().equals(Long.toString(table))) {
                    out.add(r);
                }
            });
        }
        return out;
    }

    private static List<String> ruleTexts(List<JsonNode> rules) {
        return rules.stream().map(r -> r.get("priority").asLong() + " "
                + (r.has("dst") ? "to " + r.get("dst").asText() : "from " + r.get("src").asText())
                + " proto " + (r.has("protocol") ? r.get("protocol").asText() : "none")).toList();
    }

    private static List<String> routeTexts(List<JsonNode> routes) {
        return routes.stream().map(r -> r.get("dst").asText()
                + (r.has("gateway") ? " via " + r.get("gateway").asText() : "") + " dev " + r.get("dev").asText()
                + " proto " + (r.has("protocol") ? r.get("protocol").asText() : "none")).toList();
    }

    /** Polls what the kernel holds until it matches: the policy works asynchronously, on events. */
    private <T> T await(ThrowingSupplier<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = read.get();
        }
        return value;
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @Test
    void secondaryLinkGetsItsTableWithDefaultAndConnectedRoutesAndFromToRulesPerAddress() throws Exception {
        long t = table("gp1");
        start("gp1");

        List<String> routes = await(() -> routeTexts(routes(t)), r -> r.size() == 3);
        assertThat(routes).containsExactlyInAnyOrder("default via 10.77.0.1 dev gp1 proto 195",
                "10.77.0.0/24 dev gp1 proto 195", "2001:db8:77::/64 dev gp1 proto 195");
        List<String> rules = await(() -> ruleTexts(rules(t)), r -> r.size() == 4);
        // No rule for the link-local fe80:: address; none for gp0, which is not managed.
        assertThat(rules).containsExactlyInAnyOrder("30000 from 10.77.0.3 proto 195", "30000 to 10.77.0.3 proto 195",
                "30000 from 2001:db8:77::3 proto 195", "30000 to 2001:db8:77::3 proto 195");
        assertThat(rules(table("gp0"))).isEmpty();
    }

    @Test
    void anAddressThatGoesTakesItsRulesAndTheLastAddressTakesTheRoutes() throws Exception {
        long t = table("gp1");
        start("gp1");
        await(() -> rules(t), r -> r.size() == 4);

        ns.ip("addr", "del", "10.77.0.3/24", "dev", "gp1");
        List<String> rules = await(() -> ruleTexts(rules(t)), r -> r.size() == 2);
        assertThat(rules).containsExactlyInAnyOrder("30000 from 2001:db8:77::3 proto 195",
                "30000 to 2001:db8:77::3 proto 195");
        assertThat(await(() -> routeTexts(routes(t)), r -> r.size() == 1))
                .containsExactly("2001:db8:77::/64 dev gp1 proto 195");

        ns.ip("addr", "del", "2001:db8:77::3/64", "dev", "gp1");
        assertThat(await(() -> rules(t), List::isEmpty)).isEmpty();
        assertThat(await(() -> routes(t), List::isEmpty)).isEmpty();
    }

    @Test
    void aRestartChangesNothingAndNeverDuplicates() throws Exception {
        long t = table("gp1");
        PolicyRouting first = start("gp1");
        await(() -> rules(t), r -> r.size() == 4);
        await(() -> routes(t), r -> r.size() == 3);
        stop(first);

        PolicyRouting second = start("gp1");
        assertThat(ns.call(second::reconcile)).isEmpty();
        assertThat(rules(t)).hasSize(4);
        assertThat(routes(t)).hasSize(3);
        assertThat(ns.call(second::snapshot)).singleElement().satisfies(p -> {
            assertThat(p.link()).isEqualTo("gp1");
            assertThat(p.table()).isEqualTo(t);
            assertThat(p.managed()).isTrue();
            assertThat(p.rules()).hasSize(4);
            assertThat(p.routes()).contains(new PolicyRoutes.KeptRoute("inet", "default", "10.77.0.1"));
        });
    }

    @Test
    void atStartLeftoversOfOursGoAndAnAdminsRulesInTheRangeStay() throws Exception {
        ns.ip("rule", "add", "from", "10.9.9.9", "lookup", "10050", "pref", "30000", "proto", "195");
        ns.ip("rule", "add", "from", "10.9.9.8", "lookup", "10050", "pref", "30000");
        start("gp1");
        assertThat(await(() -> ruleTexts(rules(10050)), r -> r.size() == 1)).containsExactly("30000 from 10.9.9.8 proto none");
    }

    @Test
    void aManagedLinkThatGoesTakesItsRulesWithIt() throws Exception {
        long t = table("gp1");
        start("gp1");
        await(() -> rules(t), r -> r.size() == 4);
        ns.ip("link", "del", "gp1");
        assertThat(await(() -> rules(t), List::isEmpty)).isEmpty();
    }

    @Test
    void aLinkThatIsNotConfiguredGetsNothing() throws Exception {
        PolicyRouting p = start("eth-none");
        assertThat(ns.call(p::reconcile)).isEmpty();
        assertThat(rules(table("gp1"))).isEmpty();
        assertThat(ns.call(p::snapshot)).singleElement().satisfies(r -> {
            assertThat(r.link()).isEqualTo("eth-none");
            assertThat(r.index()).isNull();
            assertThat(r.table()).isNull();
        });
    }

    @Test
    void aRouteOfOursThatSomeoneElseRemovesComesBack() throws Exception {
        long t = table("gp1");
        start("gp1");
        await(() -> routes(t), r -> r.size() == 3);
        ns.ip("route", "del", "default", "table", Long.toString(t));
        assertThat(await(() -> routeTexts(routes(t)), r -> r.size() == 3))
                .contains("default via 10.77.0.1 dev gp1 proto 195");
    }

    @Test
    void aLinkTakenDownAndUpGetsItsRoutesBack() throws Exception {
        long t = table("gp1");
        start("gp1");
        await(() -> routes(t), r -> r.size() == 3);
        ns.ip("link", "set", "gp1", "down");
        await(() -> routes(t), r -> r.size() < 3);
        ns.ip("link", "set", "gp1", "up");
        // The kernel dropped the IPv6 address when the link went down (keep_addr_on_down is 0), and
        // with it that address's rules; the IPv4 address stayed, and its routes are back.
        assertThat(await(() -> routeTexts(routes(t)), r -> r.size() == 2)).containsExactlyInAnyOrder(
                "default via 10.77.0.1 dev gp1 proto 195", "10.77.0.0/24 dev gp1 proto 195");
        assertThat(ruleTexts(rules(t))).containsExactlyInAnyOrder("30000 from 10.77.0.3 proto 195",
                "30000 to 10.77.0.3 proto 195");
    }
}
