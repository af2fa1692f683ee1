package dev.gantry.it.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /network/linkfiles} of the installed agent (user gantry) in a box: the .link file on disk,
 * and what udev made of it on a veth made inside the box ({@code ip -j link}, {@code ethtool -k}).
 * udevd does not run in a container, so the agent runs udev's net_setup_link builtin itself
 * ({@code udevadm test-builtin}), which applies the file as the add event would; networkd, which
 * reads a link's LinkFile from udev's database, has no record of it here.
 */
@WithAgentBox
class LinkFilesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private static final String API = "/api/v1/network/linkfiles";
    private static final String DIR = "/etc/systemd/network/";
    private static final String FILE = DIR + "50-gantry-gt-la-tune.link";
    private static final String BODY = "{\"Match\":{\"OriginalName\":[\"gt-la\"]},\"Link\":{\"Description\":\"tuned\",\"Alias\":\"gt-tuned\","
            + "\"MACAddressPolicy\":\"none\",\"MACAddress\":\"02:00:00:00:0a:01\",\"AlternativeName\":[\"gt-la-alt\"],"
            + "\"MTUBytes\":\"1400\",\"TransmitChecksumOffload\":false}}";

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String sh(AgentBox agent, String... argv) {
        return agent.box().exec(argv).orThrow().stdout();
    }

    private static void veth(AgentBox agent, String a, String b) {
        sh(agent, "systemctl", "start", "systemd-networkd");
        sh(agent, "ip", "link", "add", a, "type", "veth", "peer", "name", b);
    }

    private static JsonNode link(AgentBox agent, String name) throws Exception {
        return JSON.readTree(sh(agent, "ip", "-j", "link", "show", name)).get(0);
    }

    private static String txChecksumming(AgentBox agent, String name) {
        return sh(agent, "ethtool", "-k", name).lines().filter(l -> l.startsWith("tx-checksumming:"))
                .findFirst().orElseThrow().strip();
    }

    private static String file(AgentBox agent, String path) {
        var r = agent.box().exec("cat", path);
        return r.succeeded() ? r.stdout() : null;
    }

    private static String listing(AgentBox agent) {
        var r = agent.box().exec("ls", "-la", "--time-style=full-iso", DIR);
        return r.stdout() + r.stderr();
    }

    @Test
    void putWritesTheFileUdevAppliesItToTheVethAndDeleteRemovesIt(AgentBox agent) throws Exception {
        veth(agent, "gt-la", "gt-lb");
        assertThat(txChecksumming(agent, "gt-la")).isEqualTo("tx-checksumming: on");

        AgentHttp.Response put = agent.http().send("PUT", API + "/gt-la-tune", JSON_BODY, BODY);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(json(put).get("links")).isEqualTo(JSON.readTree(
                "[{\"link\":\"gt-la\",\"linkFile\":\"" + FILE + "\",\"source\":\"udev\"}]"));

        assertThat(file(agent, FILE)).isEqualTo("""
                # Written by gantryd (PUT /api/v1/network/linkfiles/gt-la-tune); edits here are replaced by the next PUT.

                [Match]
                OriginalName=gt-la

                [Link]
                Description=tuned
                Alias=gt-tuned
                MACAddressPolicy=none
                MACAddress=02:00:00:00:0a:01
                AlternativeName=gt-la-alt
                MTUBytes=1400
                TransmitChecksumOffload=no
                """);
        assertThat(sh(agent, "stat", "-c", "%a %U", FILE).strip()).isEqualTo("644 gantry");
        assertThat(sh(agent, "runuser", "-u", "systemd-network", "--", "cat", FILE)).isEqualTo(file(agent, FILE));

        // What udev's net_setup_link did to the link, and only to the link the file names.
        JsonNode la = link(agent, "gt-la");
        assertThat(la.get("mtu").asInt()).isEqualTo(1400);
        assertThat(la.get("address").asText()).isEqualTo("02:00:00:00:0a:01");
        assertThat(la.get("altnames").toString()).contains("\"gt-la-alt\"");
        assertThat(la.path("ifalias").asText()).isEqualTo("gt-tuned");
        assertThat(txChecksumming(agent, "gt-la")).isEqualTo("tx-checksumming: off");
        assertThat(link(agent, "gt-lb").get("mtu").asInt()).isEqualTo(1500);
        assertThat(txChecksumming(agent, "gt-lb")).isEqualTo("tx-checksumming: on");

        AgentHttp.Response get = agent.http().get(API + "/gt-la-tune");
        assertThat(get.status()).isEqualTo(200);
        assertThat(json(get).get("file")).isEqualTo(JSON.readTree(BODY));
        // networkd takes a link's LinkFile from udev's database, which only udevd writes: none here.
        assertThat(json(get).get("links")).isEmpty();
        assertThat(JSON.readTree(agent.http().get(API).body()).findValuesAsText("name")).containsExactly("gt-la-tune");

        AgentHttp.Response del = agent.http().delete(API + "/gt-la-tune");
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(file(agent, FILE)).isNull();
        // Set up again, the link gets the distribution's catch-all file; what the removed file set stays.
        assertThat(json(del).get("links")).isEqualTo(JSON.readTree("[{\"link\":\"gt-la\",\"linkFile\":"
                + "\"/usr/lib/systemd/network/99-default.link\",\"source\":\"udev\"}]"));
        assertThat(link(agent, "gt-la").get("mtu").asInt()).isEqualTo(1400);
        assertThat(agent.http().get(API + "/gt-la-tune").status()).isEqualTo(404);
    }

    @Test
    void dryRunAnswersTheFileAndDiffAndChangesNothing(AgentBox agent) throws Exception {
        veth(agent, "gt-lc", "gt-ld");
        String before = listing(agent);
        AgentHttp.Response dry = agent.http().send("PUT", API + "/gt-lc?dryRun=true", JSON_BODY,
                "{\"Match\":{\"OriginalName\":\"gt-lc\"},\"Link\":{\"MTUBytes\":\"1280\"}}");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).get("path").asText()).isEqualTo(DIR + "50-gantry-gt-lc.link");
        assertThat(json(dry).get("diff").asText()).startsWith("--- /dev/null\n+++ b" + DIR + "50-gantry-gt-lc.link\n")
                .contains("+MTUBytes=1280\n");
        assertThat(listing(agent)).isEqualTo(before);
        assertThat(link(agent, "gt-lc").get("mtu").asInt()).isEqualTo(1500);

        assertThat(agent.http().send("PUT", API + "/gt-lc", JSON_BODY,
                "{\"Match\":{\"OriginalName\":\"gt-lc\"},\"Link\":{\"MTUBytes\":\"1280\"}}").status()).isEqualTo(200);
        String written = listing(agent);
        AgentHttp.Response dryDelete = agent.http().delete(API + "/gt-lc?dryRun=true");
        assertThat(dryDelete.status()).isEqualTo(200);
        assertThat(json(dryDelete).get("diff").asText()).contains("+++ /dev/null\n", "-MTUBytes=1280\n");
        assertThat(listing(agent)).isEqualTo(written);
        assertThat(agent.http().delete(API + "/gt-lc").status()).isEqualTo(200);
    }

    @Test
    void badInputIsA400ProblemAndChangesNoFile(AgentBox agent) throws Exception {
        veth(agent, "gt-le", "gt-lf");
        assertThat(agent.http().send("PUT", API + "/gt-le", JSON_BODY,
                "{\"Match\":{\"OriginalName\":\"gt-le\"},\"Link\":{\"MTUBytes\":\"1300\"}}").status()).isEqualTo(200);
        String before = listing(agent);
        String content = file(agent, DIR + "50-gantry-gt-le.link");
        String[][] cases = {
                {API + "/gt-le", "{\"Linc\":{\"MTUBytes\":\"1200\"}}", "Linc"},
                {API + "/gt-le", "{\"Link\":{\"MTU\":\"1200\"}}", "Link.MTU"},
                {API + "/gt-le", "{\"Link\":{\"MTUBytes\":\"-5\"}}", "Link.MTUBytes"},
                {API + "/gt-le", "{\"Link\":{\"GenericReceiveOffload\":\"sometimes\"}}", "Link.GenericReceiveOffload"},
                {API + "/gt-le", "{\"Link\":{\"Duplex\":\"triple\"}}", "Link.Duplex"},
                {API + "/gt-le", "{\"Link\":{\"MACAddress\":\"zz:00:00:00:00:01\"}}", "Link.MACAddress"},
                {API + "/gt-le", "{\"Link\":{\"CombinedChannels\":\"many\"}}", "Link.CombinedChannels"},
                {API + "/gt-le", "[1]", "$"},
                {API + "/a..b", "{\"Link\":{\"MTUBytes\":\"1200\"}}", "name"},
                {API + "/a%2Fb", "{\"Link\":{\"MTUBytes\":\"1200\"}}", "name"},
        };
        for (String[] c : cases) {
            AgentHttp.Response r = agent.http().send("PUT", c[0], JSON_BODY, c[1]);
            assertThat(r.status()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type").orElse("")).as(c[0]).startsWith("application/problem+json");
            assertThat(json(r).get("errors").get(0).get("field").asText()).as(c[1]).isEqualTo(c[2]);
        }
        // An encoded dot segment never reaches the agent: Jetty refuses the ambiguous path itself, with
        // an empty 400 (its error handler is not called on this path).
        assertThat(agent.http().send("PUT", API + "/%2E%2E", JSON_BODY, "{\"Link\":{\"MTUBytes\":\"1200\"}}")
                .status()).isEqualTo(400);
        assertThat(listing(agent)).isEqualTo(before);
        assertThat(file(agent, DIR + "50-gantry-gt-le.link")).isEqualTo(content);
        assertThat(link(agent, "gt-le").get("mtu").asInt()).isEqualTo(1300);
        assertThat(agent.http().delete(API + "/gt-le").status()).isEqualTo(200);
    }
}
