package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry net dns show|set and gantry net ntp show|set against a RecordingAgent. */
class NetDnsCommandTest {
    private static final String DNS = "/etc/systemd/resolved.conf.d/50-gantry.conf";
    private static final String NTP = "/etc/systemd/timesyncd.conf.d/50-gantry.conf";

    @Test
    void dnsShowPrintsTheFileAndResolvedsServers() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/dns", 200, """
                    {"path":"%s","file":{"dns":["192.0.2.53"],"domains":["example.org"]},"content":"x",
                     "resolvedRunning":true,"currentDns":["192.0.2.53","192.0.2.54"],"currentDnsServer":"192.0.2.53",
                     "currentDomains":[]}""".formatted(DNS));

            Cli.Run run = agent.gantry("net", "dns", "show");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/network/dns", ""));
            assertThat(run.out()).isEqualTo("file             " + DNS + "\n"
                    + "file dns         192.0.2.53\n"
                    + "file domains     example.org\n"
                    + "current dns      192.0.2.53 192.0.2.54\n"
                    + "current server   192.0.2.53\n"
                    + "current domains  (none)\n");
        }
    }

    @Test
    void dnsShowSaysWhenResolvedIsNotRunning() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/dns", 200, "{\"path\":\"" + DNS + "\",\"resolvedRunning\":false}");

            Cli.Run run = agent.gantry("net", "dns", "show");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("file             " + DNS + " (absent)\nfile dns         -\n"
                    + "file domains     -\nsystemd-resolved is not running\n");
        }
    }

    @Test
    void dnsSetSendsServersAndDomainsAndDryRun() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/dns", 200,
                    "{\"path\":\"" + DNS + "\",\"content\":\"x\",\"diff\":\"+DNS=192.0.2.53\\n\"}");

            Cli.Run run = agent.gantry("net", "dns", "set", "--server", "192.0.2.53,2001:db8::53",
                    "--domain", "~corp", "--dry-run");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PUT", "/api/v1/network/dns?dryRun=true",
                    "{\"dns\":[\"192.0.2.53\",\"2001:db8::53\"],\"domains\":[\"~corp\"]}"));
            assertThat(run.out()).isEqualTo("+DNS=192.0.2.53\n");
        }
    }

    @Test
    void dnsSetOnALinkGoesToTheLinksRoute() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/links/gt-a/dns", 200,
                    "{\"link\":\"gt-a\",\"ifindex\":5,\"resolvedRunning\":true,\"dns\":[\"192.0.2.1\"],\"domains\":[]}");

            Cli.Run run = agent.gantry("net", "dns", "set", "--link", "gt-a", "--server", "192.0.2.1", "--no-domains");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PUT", "/api/v1/network/links/gt-a/dns",
                    "{\"dns\":[\"192.0.2.1\"],\"domains\":[]}"));
            assertThat(run.out()).isEqualTo("set the DNS of gt-a: 192.0.2.1; domains (none)\n");
        }
    }

    @Test
    void ntpShowAndSet() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/ntp", 200, "{\"path\":\"" + NTP + "\",\"file\":{\"ntp\":[\"ntp.example.org\"]},"
                    + "\"timesyncdRunning\":true,\"serverName\":\"ntp.example.org\",\"serverAddress\":\"192.0.2.123\"}");

            Cli.Run run = agent.gantry("net", "ntp", "show");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("file          " + NTP + "\nntp           ntp.example.org\n"
                    + "fallback ntp  -\nserver        ntp.example.org (192.0.2.123)\n");
        }
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/ntp", 200, "{\"path\":\"" + NTP + "\",\"timesyncdRunning\":false}");

            Cli.Run run = agent.gantry("net", "ntp", "set", "--server", "ntp.example.org", "--no-fallback");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PUT", "/api/v1/network/ntp",
                    "{\"ntp\":[\"ntp.example.org\"],\"fallbackNtp\":[]}"));
            assertThat(run.out()).isEqualTo("wrote " + NTP + "\n");
        }
    }

    @Test
    void netShowPrintsLinksWithNetworkdStateAndTheGlobals() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network", 200, """
                    {"networkdRunning":true,"links":[{"index":1,"name":"lo","operState":"UNKNOWN",
                      "networkd":{"administrativeState":"unmanaged","operationalState":"carrier"},
                      "addresses":["127.0.0.1/8","::1/128"],"dns":[]},
                     {"index":2,"name":"eth0","kind":"veth","operState":"UP","addresses":[]}],
                     "routes":[],"dns":{"resolvedRunning":false},"ntp":{"timesyncdRunning":true,"serverName":"ntp.example.org"}}""");

            Cli.Run run = agent.gantry("net", "show");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/network", ""));
            assertThat(run.out()).isEqualTo(
                    "INDEX   NAME   KIND   STATE     SETUP       OPERATIONAL   ADDRESSES             DNS\n"
                    + "1       lo     -      UNKNOWN   unmanaged   carrier       127.0.0.1/8 ::1/128   (none)\n"
                    + "2       eth0   veth   UP        -           -             (none)                -\n"
                    + "\n"
                    + "dns      (systemd-resolved is not running)\n"
                    + "domains  -\n"
                    + "ntp      ntp.example.org\n");
        }
    }
}
