package dev.gantry.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.DebianPackages;
import dev.gantry.testbed.WithAgentBox;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DNS routes against a real systemd-resolved: the host has no resolved, so its Debian package is
 * downloaded (never installed on the host) and installed in the box. Every effect is read back with
 * resolvectl as root in the box, never through the agent.
 */
@WithAgentBox
class ResolvedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    @BeforeAll
    static void resolvedAndNetworkdInTheBox(AgentBox agent) {
        agent.box().installDeb(DebianPackages.fetch("systemd-resolved", Path.of("target", "debs")));
        agent.box().exec("systemctl", "start", "systemd-resolved.service").orThrow();
        agent.box().exec("systemctl", "start", "systemd-networkd.service").orThrow();
    }

    private static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", path, JSON_BODY, body);
    }

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String resolvectl(AgentBox agent, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "resolvectl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return agent.box().exec(argv).orThrow().stdout();
    }

    private static String await(AgentBox agent, Predicate<String> done, String... args) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String out = resolvectl(agent, args);
        while (!done.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = resolvectl(agent, args);
        }
        return out;
    }

    @Test
    void theGlobalDropInReachesResolvedAndGetShowsResolvedsOwnServers(AgentBox agent) throws Exception {
        AgentHttp.Response ok = put(agent, "/api/v1/network/dns",
                "{\"dns\":[\"192.0.2.53\",\"2001:db8::53\"],\"domains\":[\"example.org\"]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        assertThat(await(agent, s -> s.contains("192.0.2.53"), "dns"))
                .containsPattern("Global: 192\\.0\\.2\\.53 2001:db8::53");
        assertThat(resolvectl(agent, "domain")).contains("Global: example.org");
        JsonNode get = json(agent.http().get("/api/v1/network/dns"));
        assertThat(get.get("resolvedRunning").asBoolean()).isTrue();
        assertThat(get.get("currentDns").toString()).contains("192.0.2.53", "2001:db8::53");
        assertThat(get.get("currentDomains").toString()).contains("example.org");

        AgentHttp.Response bad = put(agent, "/api/v1/network/dns", "{\"dns\":[\"192.0.2.999\"]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(resolvectl(agent, "dns")).containsPattern("Global: 192\\.0\\.2\\.53 2001:db8::53");
    }

    @Test
    void aLinksServersAndDomainsAreSetInResolvedAndRevertedAndBadInputChangesNothing(AgentBox agent) throws Exception {
        agent.box().exec("ip", "link", "add", "gt-res0", "type", "veth", "peer", "name", "gt-res1").orThrow();
        String link = "/api/v1/network/links/gt-res0/dns";
        AgentHttp.Response set = put(agent, link, "{\"dns\":[\"192.0.2.1\",\"2001:db8::1\"],\"domains\":[\"~corp.example\",\"lab.example\"]}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(resolvectl(agent, "dns", "gt-res0")).contains("192.0.2.1", "2001:db8::1");
        assertThat(resolvectl(agent, "domain", "gt-res0")).contains("~corp.example", "lab.example");
        JsonNode view = json(agent.http().get(link));
        assertThat(view.get("resolvedRunning").asBoolean()).isTrue();
        assertThat(view.get("dns").toString()).contains("192.0.2.1", "2001:db8::1");
        assertThat(view.get("domains").toString()).contains("~corp.example", "lab.example");

        AgentHttp.Response bad = put(agent, link, "{\"dns\":[\"not-an-address\"]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.header("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(resolvectl(agent, "dns", "gt-res0")).contains("192.0.2.1");

        AgentHttp.Response reverted = agent.http().delete(link);
        assertThat(reverted.status()).as(reverted.body()).isEqualTo(200);
        assertThat(resolvectl(agent, "dns", "gt-res0")).doesNotContain("192.0.2.1");
        assertThat(resolvectl(agent, "domain", "gt-res0")).doesNotContain("corp.example");
    }

    @Test
    void aNetworkFilesDnsReachesResolvedThroughNetworkdAndTheDescribe(AgentBox agent) throws Exception {
        agent.box().exec("ip", "link", "add", "gt-res2", "type", "veth", "peer", "name", "gt-res3").orThrow();
        agent.box().exec("ip", "link", "set", "gt-res3", "up").orThrow();
        AgentHttp.Response r = put(agent, "/api/v1/network/networks/gt-res2",
                "{\"Network\":{\"DNS\":[\"10.71.0.53\"],\"Domains\":[\"net.example\"],\"LinkLocalAddressing\":\"no\"},"
                        + "\"Address\":[{\"Address\":\"10.71.0.1/24\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(await(agent, s -> s.contains("10.71.0.53"), "dns", "gt-res2")).contains("10.71.0.53");
        assertThat(resolvectl(agent, "domain", "gt-res2")).contains("net.example");
        JsonNode described = null;
        for (JsonNode l : json(agent.http().get("/api/v1/network")).get("links")) {
            if (l.get("name").asText().equals("gt-res2")) {
                described = l;
            }
        }
        assertThat(described).isNotNull();
        assertThat(described.get("dns").toString()).contains("10.71.0.53");
        assertThat(described.get("domains").toString()).contains("net.example");
        assertThat(agent.http().delete("/api/v1/network/networks/gt-res2").status()).isEqualTo(204);
    }
}
