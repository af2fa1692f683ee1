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
 * {@code /network/dns}, {@code /network/ntp} and {@code /network/links/{name}/dns} of the installed
 * agent (user gantry) in a box. The box is this machine's OS, which has systemd-timesyncd but no
 * systemd-resolved package: the resolved drop-in is checked on disk and the agent must report resolved
 * as not running (and per-link DNS as 503) rather than fail; timesyncd really restarts and reads the
 * drop-in ({@code timedatectl show-timesync}).
 */
@WithAgentBox
class DnsNtpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private static final String RESOLVED_DROPIN = "/etc/systemd/resolved.conf.d/50-gantry.conf";
    private static final String TIMESYNCD_DROPIN = "/etc/systemd/timesyncd.conf.d/50-gantry.conf";

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", path, JSON_BODY, body);
    }

    private static String file(AgentBox agent, String path) {
        var r = agent.box().exec("cat", path);
        return r.succeeded() ? r.stdout() : null;
    }

    @Test
    void globalDnsDropInDryRunAndBadInput(AgentBox agent) throws Exception {
        String before = file(agent, RESOLVED_DROPIN);
        AgentHttp.Response dry = put(agent, "/api/v1/network/dns?dryRun=true", "{\"dns\":[\"192.0.2.53\"]}");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(json(dry).get("diff").asText()).contains("+DNS=192.0.2.53");
        assertThat(file(agent, RESOLVED_DROPIN)).isEqualTo(before);

        AgentHttp.Response bad = put(agent, "/api/v1/network/dns", "{\"dns\":[\"192.0.2.999\"]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("dns[0]");
        assertThat(file(agent, RESOLVED_DROPIN)).isEqualTo(before);

        AgentHttp.Response ok = put(agent, "/api/v1/network/dns",
                "{\"dns\":[\"192.0.2.53\",\"2001:db8::53\"],\"domains\":[\"example.org\",\"~corp.example\"]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(file(agent, RESOLVED_DROPIN))
                .contains("[Resolve]\nDNS=192.0.2.53 2001:db8::53\nDomains=example.org ~corp.example\n");
        assertThat(agent.box().exec("stat", "-c", "%a", RESOLVED_DROPIN).orThrow().stdout().strip()).isEqualTo("644");

        JsonNode get = json(agent.http().get("/api/v1/network/dns"));
        assertThat(get.get("file").get("domains").toString()).isEqualTo("[\"example.org\",\"~corp.example\"]");
        boolean resolvedInBox = agent.box().exec("systemctl", "is-active", "systemd-resolved").succeeded();
        assertThat(get.get("resolvedRunning").asBoolean()).isEqualTo(resolvedInBox);
    }

    @Test
    void ntpDropInRestartsTimesyncd(AgentBox agent) throws Exception {
        // timesyncd's unit has ConditionVirtualization=!container and ConditionCapability=CAP_SYS_TIME; an
        // empty Condition assignment in a runtime drop-in resets them, so it can run (without setting the clock).
        agent.box().exec("mkdir", "-p", "/run/systemd/system/systemd-timesyncd.service.d").orThrow();
        agent.box().exec("sh", "-c", "printf '[Unit]\\nConditionVirtualization=\\n' "
                + "> /run/systemd/system/systemd-timesyncd.service.d/box.conf").orThrow();
        agent.box().exec("systemctl", "daemon-reload").orThrow();
        agent.box().exec("systemctl", "start", "systemd-timesyncd");
        // timesyncd may refuse to run in a container (ConditionVirtualization): then only the file is checked.
        boolean timesyncd = agent.box().exec("systemctl", "is-active", "systemd-timesyncd").succeeded();
        System.out.println("DnsNtpIT: systemd-timesyncd active in the box: " + timesyncd);
        AgentHttp.Response bad = put(agent, "/api/v1/network/ntp", "{\"ntp\":[\"not a host\"]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(file(agent, TIMESYNCD_DROPIN)).isNull();

        AgentHttp.Response ok = put(agent, "/api/v1/network/ntp",
                "{\"ntp\":[\"ntp1.example.org\",\"192.0.2.123\"],\"fallbackNtp\":[]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(file(agent, TIMESYNCD_DROPIN)).contains("[Time]\nNTP=ntp1.example.org 192.0.2.123\nFallbackNTP=\n");
        if (timesyncd) {
            // try-restart is a queued job: wait for timesyncd to come back with the new servers.
            String show = "";
            for (int i = 0; i < 100 && !show.contains("ntp1.example.org"); i++) {
                Thread.sleep(100);
                show = agent.box().exec("timedatectl", "show-timesync").stdout();
            }
            assertThat(show).contains("SystemNTPServers=ntp1.example.org 192.0.2.123");
            JsonNode get = json(agent.http().get("/api/v1/network/ntp"));
            assertThat(get.get("timesyncdRunning").asBoolean()).isTrue();
        }
    }

    @Test
    void linkDnsUnknownLinkIs404AndWithoutResolved503(AgentBox agent) throws Exception {
        AgentHttp.Response unknown = put(agent, "/api/v1/network/links/gt-nosuch9/dns", "{\"dns\":[\"192.0.2.1\"]}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        AgentHttp.Response bad = put(agent, "/api/v1/network/links/lo/dns", "{\"dns\":[\"nope\"]}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        agent.box().exec("ip", "link", "add", "gt-dns0", "type", "veth", "peer", "name", "gt-dns1").orThrow();
        AgentHttp.Response set = put(agent, "/api/v1/network/links/gt-dns0/dns",
                "{\"dns\":[\"192.0.2.1\"],\"domains\":[\"~corp.example\"]}");
        if (agent.box().exec("systemctl", "is-active", "systemd-resolved").succeeded()) {
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(agent.box().exec("resolvectl", "dns", "gt-dns0").orThrow().stdout()).contains("192.0.2.1");
        } else {
            assertThat(set.status()).as(set.body()).isEqualTo(503);
            JsonNode get = json(agent.http().get("/api/v1/network/links/gt-dns0/dns"));
            assertThat(get.get("resolvedRunning").asBoolean()).isFalse();
        }
    }

    @Test
    void describeMatchesIpLinkAndNetworkctl(AgentBox agent) throws Exception {
        agent.box().exec("systemctl", "start", "systemd-networkd").orThrow();
        agent.box().exec("ip", "link", "add", "gt-desc0", "type", "veth", "peer", "name", "gt-desc1").orThrow();
        AgentHttp.Response r = agent.http().get("/api/v1/network");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode d = json(r);
        java.util.Set<String> names = new java.util.TreeSet<>();
        d.get("links").forEach(l -> names.add(l.get("name").asText()));
        java.util.Set<String> ipNames = new java.util.TreeSet<>();
        JSON.readTree(agent.box().exec("ip", "-j", "link").orThrow().stdout()).forEach(l -> ipNames.add(l.get("ifname").asText()));
        assertThat(names).isEqualTo(ipNames).contains("gt-desc0", "gt-desc1");
        assertThat(d.get("networkdRunning").asBoolean()).isTrue();
        // lo's networkd state is stable: compare it with networkctl's OPERATIONAL and SETUP columns.
        String lo = agent.box().exec("networkctl", "list", "--no-legend", "--no-pager", "lo").orThrow().stdout().strip();
        String[] cols = lo.split("\\s+");
        JsonNode loNode = null;
        for (JsonNode l : d.get("links")) {
            if (l.get("name").asText().equals("lo")) {
                loNode = l;
            }
        }
        assertThat(loNode).isNotNull();
        assertThat(loNode.get("networkd").get("operationalState").asText()).isEqualTo(cols[3]);
        assertThat(loNode.get("networkd").get("administrativeState").asText()).isEqualTo(cols[4]);
        assertThat(loNode.get("addresses").toString()).contains("127.0.0.1/8");
    }
}
