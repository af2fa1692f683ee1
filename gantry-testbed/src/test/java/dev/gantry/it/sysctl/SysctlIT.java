package dev.gantry.it.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sysctl module of the installed agent (user gantry, its unit's capabilities) in a box: the
 * kernel's value is read back from the box's /proc/sys and the persisted file from its /etc/sysctl.d.
 * net.* keys are writable in the box (private network namespace, CAP_NET_ADMIN); nspawn mounts the
 * rest of /proc/sys read-only, which the agent must report as a 409.
 */
@WithAgentBox
class SysctlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static AgentHttp.Response put(AgentBox agent, String key, String body) {
        return agent.http().send("PUT", "/api/v1/sysctl/" + key, JSON_BODY, body);
    }

    private static String proc(AgentBox agent, String path) {
        return agent.box().exec("cat", "/proc/sys/" + path).orThrow().out();
    }

    private static String file(AgentBox agent, String path) {
        return agent.box().exec("cat", path).orThrow().stdout();
    }

    private static boolean exists(AgentBox agent, String path) {
        return agent.box().exec("test", "-e", path).succeeded();
    }

    @Test
    void aPersistedSettingChangesTheKernelAndLandsInGantrysFileOwnedByRoot(AgentBox agent) throws Exception {
        String before = proc(agent, "net/ipv4/tcp_keepalive_probes");
        String value = before.equals("7") ? "8" : "7";

        AgentHttp.Response set = put(agent, "net.ipv4.tcp_keepalive_probes", "{\"value\":\"" + value + "\",\"persist\":true}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(proc(agent, "net/ipv4/tcp_keepalive_probes")).isEqualTo(value);
        assertThat(file(agent, "/etc/sysctl.d/90-gantry.conf")).contains("net.ipv4.tcp_keepalive_probes = " + value + "\n");
        assertThat(agent.box().exec("stat", "-c", "%U:%G %a", "/etc/sysctl.d/90-gantry.conf").orThrow().out())
                .isEqualTo("root:root 644");
        JsonNode shown = json(agent.http().get("/api/v1/sysctl/net.ipv4.tcp_keepalive_probes"));
        assertThat(shown.get("value").asText()).isEqualTo(value);
        assertThat(shown.get("persisted").findValuesAsText("file")).contains("/etc/sysctl.d/90-gantry.conf");
        // What systemd-sysctl would apply at boot agrees.
        assertThat(agent.box().exec("/usr/lib/systemd/systemd-sysctl", "--cat-config").orThrow().stdout())
                .contains("net.ipv4.tcp_keepalive_probes = " + value);
    }

    @Test
    void aKeyWithASlashIsAddressedWithTheSlashEncoded(AgentBox agent) throws Exception {
        // An interface name with a dot (as a VLAN's eth0.100) puts a '/' in the dotted key.
        agent.box().exec("ip", "link", "add", "br.gt7", "type", "bridge").orThrow();
        try {
            String before = proc(agent, "net/ipv4/conf/br.gt7/forwarding");
            String value = before.equals("1") ? "0" : "1";

            AgentHttp.Response set = put(agent, "net.ipv4.conf.br%2Fgt7.forwarding", "{\"value\":\"" + value + "\"}");

            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(proc(agent, "net/ipv4/conf/br.gt7/forwarding")).isEqualTo(value);
            assertThat(json(agent.http().get("/api/v1/sysctl/net.ipv4.conf.br%2Fgt7.forwarding")).get("value").asText())
                    .isEqualTo(value);
        } finally {
            agent.box().exec("ip", "link", "del", "br.gt7");
        }
    }

    @Test
    void aRuntimeOnlySettingWritesNoFile(AgentBox agent) throws Exception {
        AgentHttp.Response set = put(agent, "net.ipv4.tcp_fin_timeout", "{\"value\":\"42\"}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(proc(agent, "net/ipv4/tcp_fin_timeout")).isEqualTo("42");
        assertThat(agent.box().exec("grep", "-rs", "tcp_fin_timeout", "/etc/sysctl.d").exitCode()).isNotZero();
    }

    @Test
    void aNamedFileKeepsItsOtherLinesAndDeleteRemovesOnlyTheSetting(AgentBox agent) throws Exception {
        agent.box().writeFile("/etc/sysctl.d/60-admin.conf", "# kept\nnet.core.somaxconn = 1000\n");

        AgentHttp.Response set = put(agent, "net.ipv4.tcp_syn_retries",
                "{\"value\":\"5\",\"persist\":true,\"file\":\"60-admin.conf\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(proc(agent, "net/ipv4/tcp_syn_retries")).isEqualTo("5");
        assertThat(file(agent, "/etc/sysctl.d/60-admin.conf")).contains("# kept\n", "net.core.somaxconn = 1000\n",
                "net.ipv4.tcp_syn_retries = 5\n");

        AgentHttp.Response removed = agent.http().delete("/api/v1/sysctl/net.ipv4.tcp_syn_retries");

        assertThat(removed.status()).as(removed.body()).isEqualTo(204);
        assertThat(file(agent, "/etc/sysctl.d/60-admin.conf")).contains("# kept\n", "net.core.somaxconn = 1000\n")
                .doesNotContain("tcp_syn_retries");
        assertThat(agent.http().delete("/api/v1/sysctl/net.ipv4.tcp_syn_retries").status()).isEqualTo(404);
    }

    @Test
    void aKeyOutsideNetIsReadOnlyInTheBoxAndA409WithNothingPersisted(AgentBox agent) throws Exception {
        String before = proc(agent, "vm/swappiness");
        String value = before.equals("10") ? "11" : "10";

        AgentHttp.Response set = put(agent, "vm.swappiness", "{\"value\":\"" + value + "\",\"persist\":true,\"file\":\"70-vm.conf\"}");

        assertThat(set.status()).as(set.body()).isEqualTo(409);
        assertThat(set.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(proc(agent, "vm/swappiness")).isEqualTo(before);
        assertThat(exists(agent, "/etc/sysctl.d/70-vm.conf")).isFalse();
    }

    @Test
    void aValueTheKernelRefusesIsA400AndChangesNothing(AgentBox agent) throws Exception {
        String before = proc(agent, "net/ipv4/ip_forward");

        AgentHttp.Response set = put(agent, "net.ipv4.ip_forward", "{\"value\":\"banana\",\"persist\":true,\"file\":\"71-bad.conf\"}");

        assertThat(set.status()).as(set.body()).isEqualTo(400);
        assertThat(proc(agent, "net/ipv4/ip_forward")).isEqualTo(before);
        assertThat(exists(agent, "/etc/sysctl.d/71-bad.conf")).isFalse();
    }

    @Test
    void pathsForKeysOrFilesAre400AndTouchNothing(AgentBox agent) throws Exception {
        String passwd = file(agent, "/etc/passwd");
        // Jetty itself refuses an encoded '/' or NUL in a path (a plain 400) before the agent sees it, and
        // closes the connection: these go on connections of their own, so that no later request reuses one.
        for (String key : new String[] {"..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "net.ipv4.ip_forward%00"}) {
            AgentHttp.Response r = agent.http().send("PUT", "/api/v1/sysctl/" + key,
                    Map.of("Content-Type", "application/json", "Connection", "close"), "{\"value\":\"1\"}");
            assertThat(r.status()).as(key + ": " + r.body()).isEqualTo(400);
        }
        for (String key : new String[] {"net.ipv4..ip_forward", "...", "net.ipv4.ip_forward%20"}) {
            AgentHttp.Response r = put(agent, key, "{\"value\":\"1\"}");
            assertThat(r.status()).as(key + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("errors").get(0).get("field").asText()).isEqualTo("key");
        }
        AgentHttp.Response badFile = put(agent, "net.ipv4.ip_forward",
                "{\"value\":\"1\",\"persist\":true,\"file\":\"../../passwd\"}");
        assertThat(badFile.status()).isEqualTo(400);
        assertThat(json(badFile).get("errors").get(0).get("field").asText()).isEqualTo("file");
        AgentHttp.Response badLoad = agent.http().post("/api/v1/sysctl/load", "{\"files\":[\"/etc/passwd\"]}");
        assertThat(badLoad.status()).isEqualTo(400);
        assertThat(file(agent, "/etc/passwd")).isEqualTo(passwd);
    }

    @Test
    void loadAppliesAFilesSettings(AgentBox agent) throws Exception {
        agent.box().writeFile("/etc/sysctl.d/80-load.conf",
                "net.ipv4.tcp_retries1 = 4\n-net.ipv4.no_such_key = 1\nnet.ipv4.conf.*.accept_source_route = 0\n");

        AgentHttp.Response loaded = agent.http().post("/api/v1/sysctl/load", "{\"files\":[\"80-load.conf\"]}");

        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(proc(agent, "net/ipv4/tcp_retries1")).isEqualTo("4");
        assertThat(proc(agent, "net/ipv4/conf/lo/accept_source_route")).isEqualTo("0");
        assertThat(json(loaded).get("ignored").findValuesAsText("key")).containsExactly("net.ipv4.no_such_key");
    }

    @Test
    void listingWithAPatternReadsTheBoxKernel(AgentBox agent) throws Exception {
        JsonNode list = json(agent.http().get("/api/v1/sysctl?pattern=%5Enet%5C.ipv4%5C.ip_forward%24"));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("value").asText()).isEqualTo(proc(agent, "net/ipv4/ip_forward"));
        assertThat(agent.http().get("/api/v1/sysctl?pattern=%28").status()).isEqualTo(400);
    }
}
