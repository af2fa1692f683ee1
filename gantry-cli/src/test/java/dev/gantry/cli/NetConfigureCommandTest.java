package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry network configure against a RecordingAgent: the body built from flags and files. */
class NetConfigureCommandTest {
    private static final String PATH = "/etc/systemd/network/50-gantry-gt-a.network";
    private static final String ANSWER = "{\"link\":\"gt-a\",\"path\":\"" + PATH + "\",\"network\":{},\"content\":\"\"}";

    @TempDir
    Path dir;

    @Test
    void flagsForTheCommonKeysBecomeTheBody() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 200, ANSWER);

            Cli.Run run = agent.gantry("network", "configure", "gt-a", "--dhcp", "no", "--address", "10.0.0.2/24",
                    "--address", "fd00::2/64", "--gateway", "10.0.0.1", "--dns", "1.1.1.1", "--domains", "example.org",
                    "--ntp", "ntp.example.org", "--mtu", "1400", "--mac", "02:00:00:00:00:01",
                    "--route", "192.0.2.0/24=10.0.0.254", "--route", "default=10.0.0.1",
                    "--set", "Link.RequiredForOnline=no", "--set", "Network.LLDP=yes");

            assertThat(run.exit()).as(run.err()).isZero();
            RecordingAgent.Request r = agent.only();
            assertThat(r.method() + " " + r.target()).isEqualTo("PUT /api/v1/network/networks/gt-a");
            assertThat(Json.parse(r.body())).isEqualTo(Json.parse("""
                    {"Network":{"DHCP":"no","Address":["10.0.0.2/24","fd00::2/64"],"Gateway":"10.0.0.1",
                                "DNS":"1.1.1.1","Domains":"example.org","NTP":"ntp.example.org","LLDP":"yes"},
                     "Link":{"MTUBytes":"1400","MACAddress":"02:00:00:00:00:01","RequiredForOnline":"no"},
                     "Route":[{"Destination":"192.0.2.0/24","Gateway":"10.0.0.254"},{"Gateway":"10.0.0.1"}]}"""));
            assertThat(run.out()).isEqualTo("wrote " + PATH + "; networkd reloaded and reconfigured gt-a\n");
        }
    }

    @Test
    void anIniFileIsSentAsJsonWithFlagsOverItAndTheOldNameNetStillWorks() throws Exception {
        Path file = Files.writeString(dir.resolve("gt-a.network"), """
                [Match]
                Name=gt-a
                [Network]
                DNS=1.1.1.1
                DNS=8.8.8.8
                [Address]
                Address=10.0.0.2/24
                """);
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 200,
                    "{\"path\":\"" + PATH + "\",\"content\":\"x\",\"diff\":\"--- a\\n+++ b\\n\"}");

            Cli.Run run = agent.gantry("net", "configure", "gt-a", "--file", file.toString(), "--mtu", "9000",
                    "--dry-run");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/networks/gt-a?dryRun=true");
            assertThat(Json.parse(agent.only().body())).isEqualTo(Json.parse("""
                    {"Match":{"Name":"gt-a"},"Network":{"DNS":["1.1.1.1","8.8.8.8"]},
                     "Address":[{"Address":"10.0.0.2/24"}],"Link":{"MTUBytes":"9000"}}"""));
            assertThat(run.out()).isEqualTo("--- a\n+++ b\n");
        }
    }

    @Test
    void aJsonFileIsSentAsItIs() throws Exception {
        Path file = Files.writeString(dir.resolve("body.json"), "{\"Network\":{\"DHCP\":\"yes\"}}");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 200, ANSWER);

            Cli.Run run = agent.gantry("network", "configure", "gt-a", "--file", file.toString());

            assertThat(run.exit()).isZero();
            assertThat(agent.only().body()).isEqualTo("{\"Network\":{\"DHCP\":\"yes\"}}");
        }
    }

    @Test
    void aBrokenIniFileIsAUsageErrorAndNothingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.network"), "[Network]\nDHCP yes\n");
        try (RecordingAgent agent = RecordingAgent.start()) {
            Cli.Run run = agent.gantry("network", "configure", "gt-a", "--file", file.toString());

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains(file + ": line 2: expected [Section] or Key=value: DHCP yes");
            assertThat(agent.requests()).isEmpty();
        }
    }

    @Test
    void theAgentsRefusalNamingTheKeyIsPrinted() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 400, """
                    {"type":"https://gantry.dev/problems/invalid","title":"Invalid request","status":400,
                     "detail":"1 invalid field","errors":[{"field":"Network.DHCPP","code":"unknown-key",
                     "message":"unknown key of [Network]","rejected":"DHCPP"}]}""");

            Cli.Run run = agent.gantry("network", "configure", "gt-a", "--set", "Network.DHCPP=yes");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("Network.DHCPP");
            assertThat(agent.only().body()).isEqualTo("{\"Network\":{\"DHCPP\":\"yes\"}}");
        }
    }
}
