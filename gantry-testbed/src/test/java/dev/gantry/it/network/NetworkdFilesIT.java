package dev.gantry.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code /network/networks/{link}} of the installed agent (user gantry) in a box with systemd-networkd
 * running: the .network file on disk, and what networkd made of it as {@code ip -j} and
 * {@code networkctl} in the box report it. Each test has veth pairs of its own.
 */
@WithAgentBox
class NetworkdFilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private static final String API = "/api/v1/network/networks/";
    private static final String DIR = "/etc/systemd/network/";

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void sh(AgentBox agent, String... argv) {
        agent.box().exec(argv).orThrow();
    }

    /** networkd running, and a veth pair {@code a}/{@code b} with {@code b} up (so {@code a} has carrier). */
    private static void vethWithNetworkd(AgentBox agent, String a, String b) {
        sh(agent, "systemctl", "start", "systemd-networkd");
        sh(agent, "ip", "link", "add", a, "type", "veth", "peer", "name", b);
        sh(agent, "ip", "link", "set", b, "up");
    }

    private static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", path, JSON_BODY, body);
    }

    private static String file(AgentBox agent, String link) {
        var r = agent.box().exec("cat", DIR + "50-gantry-" + link + ".network");
        return r.succeeded() ? r.stdout() : null;
    }

    private static String listing(AgentBox agent) {
        return agent.box().exec("ls", "-la", "--time-style=full-iso", DIR).stdout();
    }

    private static <T> T eventually(Supplier<T> read, T expected) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        T value = read.get();
        while (!expected.equals(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = read.get();
        }
        return value;
    }

    /** {@code networkctl status LINK} without its journal lines (which name the file long after it is gone). */
    private static String networkctl(AgentBox agent, String link) {
        return agent.box().exec("networkctl", "status", "--no-pager", "-n", "0", link).orThrow().stdout();
    }

    private static boolean hasAddress(AgentBox agent, String link, String address, int prefix) {
        try {
            JsonNode links = JSON.readTree(agent.box().exec("ip", "-j", "addr", "show", link).orThrow().stdout());
            for (JsonNode l : links) {
                for (JsonNode a : l.path("addr_info")) {
                    if (a.path("local").asText().equals(address) && a.path("prefixlen").asInt() == prefix) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasRoute(AgentBox agent, String dst, String gateway, String dev) {
        try {
            JsonNode routes = JSON.readTree(agent.box().exec("ip", "-j", "route", "show", "dev", dev).orThrow().stdout());
            for (JsonNode r : routes) {
                if (r.path("dst").asText().equals(dst) && r.path("gateway").asText().equals(gateway)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void putMakesNetworkdApplyAddressRouteAndDnsAndDeleteRemovesTheFile(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-a", "gt-b");
        String body = """
                {"Network":{"DNS":["10.70.0.53"],"LinkLocalAddressing":"no","IPv6AcceptRA":false},
                 "Address":[{"Address":"10.70.0.1/24"}],
                 "Route":[{"Destination":"192.0.2.0/24","Gateway":"10.70.0.254"}]}
                """;
        AgentHttp.Response r = put(agent, API + "gt-a", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("path").asText()).isEqualTo(DIR + "50-gantry-gt-a.network");

        String onDisk = file(agent, "gt-a");
        assertThat(onDisk).contains("[Match]\nName=gt-a\n", "[Address]\nAddress=10.70.0.1/24\n",
                "[Route]\nDestination=192.0.2.0/24\nGateway=10.70.0.254\n", "DNS=10.70.0.53\n");
        assertThat(agent.box().exec("stat", "-c", "%a %U", DIR + "50-gantry-gt-a.network").orThrow().stdout().strip())
                .isEqualTo("644 gantry");

        assertThat(eventually(() -> hasAddress(agent, "gt-a", "10.70.0.1", 24), true)).isTrue();
        assertThat(eventually(() -> hasRoute(agent, "192.0.2.0/24", "10.70.0.254", "gt-a"), true)).isTrue();
        String status = networkctl(agent, "gt-a");
        assertThat(status).containsPattern("Network File: " + DIR + "50-gantry-gt-a.network\n")
                .containsPattern("DNS: 10.70.0.53\n");

        AgentHttp.Response get = agent.http().get(API + "gt-a");
        assertThat(get.status()).isEqualTo(200);
        assertThat(json(get).get("network").get("Address").get(0).get("Address").asText()).isEqualTo("10.70.0.1/24");
        assertThat(json(get).get("network").get("Network").get("DNS").get(0).asText()).isEqualTo("10.70.0.53");
        assertThat(json(get).get("content").asText()).isEqualTo(onDisk);

        AgentHttp.Response del = agent.http().delete(API + "gt-a");
        assertThat(del.status()).as(del.body()).isEqualTo(204);
        assertThat(file(agent, "gt-a")).isNull();
        assertThat(agent.http().get(API + "gt-a").status()).isEqualTo(404);
        String after = eventually(() -> networkctl(agent, "gt-a").contains("50-gantry-gt-a.network")
                ? "still" : "gone", "gone");
        assertThat(after).isEqualTo("gone");
    }

    @Test
    void badInputIs400NamingTheFieldAndLeavesTheFileAlone(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-c", "gt-d");
        assertThat(put(agent, API + "gt-c", "{\"Address\":[{\"Address\":\"10.71.0.1/24\"}]}").status()).isEqualTo(200);
        String before = file(agent, "gt-c");
        String listing = listing(agent);

        AgentHttp.Response unknownKey = put(agent, API + "gt-c", "{\"Network\":{\"DNSS\":[\"1.1.1.1\"]}}");
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(json(unknownKey).get("errors").get(0).get("field").asText()).isEqualTo("Network.DNSS");
        AgentHttp.Response unknownSection = put(agent, API + "gt-c", "{\"Netwrk\":{\"DNS\":[\"1.1.1.1\"]}}");
        assertThat(unknownSection.status()).isEqualTo(400);
        assertThat(json(unknownSection).get("errors").get(0).get("field").asText()).isEqualTo("Netwrk");
        AgentHttp.Response cidr = put(agent, API + "gt-c", "{\"Address\":[{\"Address\":\"10.71.0.1/40\"}]}");
        assertThat(cidr.status()).isEqualTo(400);
        assertThat(json(cidr).get("errors").get(0).get("field").asText()).isEqualTo("Address[0].Address");
        // Encoded '/' and '..' are refused with a 400 by the HTTP layer (Jetty's URI compliance:
        // ambiguous path segments) before the route is reached; whoever answers, it is a 400 and nothing is written.
        for (String bad : new String[] {"%2E%2E", "a%2Fb", "..%2Fx"}) {
            AgentHttp.Response r = put(agent, API + bad, "{\"Address\":[{\"Address\":\"10.71.0.9/24\"}]}");
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(agent.http().delete(API + bad).status()).as(bad).isEqualTo(400);
        }
        // Names the HTTP layer lets through are the route's 400 on field link.
        for (String bad : new String[] {"gt-name-too-long-x", "a%40b", "a%20b"}) {
            AgentHttp.Response r = put(agent, API + bad, "{\"Address\":[{\"Address\":\"10.71.0.9/24\"}]}");
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("errors").get(0).get("field").asText()).as(bad).isEqualTo("link");
            AgentHttp.Response d = agent.http().delete(API + bad);
            assertThat(d.status()).as(bad).isEqualTo(400);
            assertThat(json(d).get("errors").get(0).get("field").asText()).as(bad).isEqualTo("link");
        }

        assertThat(file(agent, "gt-c")).isEqualTo(before);
        assertThat(listing(agent)).isEqualTo(listing);
    }

    @Test
    void dryRunAnswersTheFileAndDiffAndChangesNothing(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-e", "gt-f");
        String body = "{\"Address\":[{\"Address\":\"10.72.0.1/24\"}]}";
        AgentHttp.Response dry = put(agent, API + "gt-e?dryRun=true", body);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).get("content").asText()).contains("[Address]\nAddress=10.72.0.1/24\n");
        assertThat(json(dry).get("diff").asText()).startsWith("--- /dev/null\n").contains("+Address=10.72.0.1/24\n");
        assertThat(file(agent, "gt-e")).isNull();
        assertThat(hasAddress(agent, "gt-e", "10.72.0.1", 24)).isFalse();

        assertThat(put(agent, API + "gt-e", body).status()).isEqualTo(200);
        String written = file(agent, "gt-e");
        AgentHttp.Response dryChange = put(agent, API + "gt-e?dryRun=true", "{\"Address\":[{\"Address\":\"10.72.0.2/24\"}]}");
        assertThat(json(dryChange).get("diff").asText()).contains("-Address=10.72.0.1/24\n+Address=10.72.0.2/24\n");
        AgentHttp.Response dryDelete = agent.http().delete(API + "gt-e?dryRun=true");
        assertThat(dryDelete.status()).isEqualTo(200);
        assertThat(json(dryDelete).get("diff").asText()).contains("+++ /dev/null\n", "-Address=10.72.0.1/24\n");
        assertThat(file(agent, "gt-e")).isEqualTo(written);
        assertThat(eventually(() -> hasAddress(agent, "gt-e", "10.72.0.1", 24), true)).isTrue();
        assertThat(hasAddress(agent, "gt-e", "10.72.0.2", 24)).isFalse();
    }

    @Test
    void withNetworkdStoppedAPutIs503AndWritesNothing(AgentBox agent) throws Exception {
        vethWithNetworkd(agent, "gt-g", "gt-h");
        // Masked for this boot, so that the bus cannot start it again on the agent's call.
        sh(agent, "systemctl", "mask", "--runtime", "systemd-networkd.service");
        sh(agent, "systemctl", "stop", "systemd-networkd.socket", "systemd-networkd.service");
        try {
            AgentHttp.Response r = put(agent, API + "gt-g", "{\"Address\":[{\"Address\":\"10.73.0.1/24\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(file(agent, "gt-g")).isNull();
        } finally {
            sh(agent, "systemctl", "unmask", "--runtime", "systemd-networkd.service");
            sh(agent, "systemctl", "start", "systemd-networkd");
        }
        assertThat(put(agent, API + "gt-g", "{\"Address\":[{\"Address\":\"10.73.0.1/24\"}]}").status()).isEqualTo(200);
        assertThat(eventually(() -> hasAddress(agent, "gt-g", "10.73.0.1", 24), true)).isTrue();
    }
}
