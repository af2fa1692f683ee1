package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gantry ethtool} against a recording stand-in: the request each command sends and how it
 * shows the answer. The routes' real effect is tested in a box against the ethtool command (EthtoolIT).
 */
class EthtoolCommandTest {
    private static final String BASE = "/api/v1/ethtool/gte0";
    private static final String FEATURES = """
            {"features":{"rx-checksum":{"active":true,"fixed":false},
              "tx-checksum-ipv4":{"active":false,"fixed":true},
              "tx-checksum-ip-generic":{"active":true,"fixed":false},
              "rx-gro":{"active":false,"fixed":false,"requested":true},
              "highdma":{"active":true,"fixed":false}},
             "groups":[{"name":"rx-checksumming","shortName":"rx","active":true,"fixed":false,"features":["rx-checksum"]},
              {"name":"tx-checksumming","shortName":"tx","active":true,"fixed":false,
               "features":["tx-checksum-ipv4","tx-checksum-ip-generic"]},
              {"name":"generic-receive-offload","shortName":"gro","active":false,"fixed":false,"features":["rx-gro"]}]
            """;
    private RecordingAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = RecordingAgent.start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void featuresPrintAsEthtoolKPrintsThem() {
        agent.on("GET", BASE + "/features", 200, FEATURES + "}");

        Cli.Run run = agent.gantry("ethtool", "gte0", "features");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", BASE + "/features", ""));
        assertThat(run.out()).isEqualTo("""
                Features for gte0:
                rx-checksumming: on
                tx-checksumming: on
                \ttx-checksum-ipv4: off [fixed]
                \ttx-checksum-ip-generic: on
                generic-receive-offload: off [requested on]
                highdma: on
                """);
    }

    @Test
    void setFeatureSendsEveryNameWithOnOrOffAndNamesWhatTheKernelDidNotApply() {
        agent.on("PATCH", BASE + "/features", 200, FEATURES + ",\"notApplied\":[\"rx-gro\"]}");

        Cli.Run run = agent.gantry("ethtool", "gte0", "set-feature", "tx-checksumming", "off", "gro", "on");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH", BASE + "/features",
                "{\"features\":{\"tx-checksumming\":false,\"gro\":true}}"));
        assertThat(run.out()).startsWith("Features for gte0:\n").endsWith("not applied by the kernel: rx-gro\n");
    }

    @Test
    void setChannelsAndSetCoalesceTakeEthtoolsWordsAndSendTheApisNames() {
        agent.on("PATCH", BASE + "/channels", 200, "{\"rxMax\":2,\"txMax\":2,\"rx\":2,\"tx\":1}");
        agent.on("PATCH", BASE + "/coalesce", 200, "{\"rxUsecs\":10,\"adaptiveRx\":true}");

        Cli.Run channels = agent.gantry("ethtool", "gte0", "set-channels", "rx", "2");
        Cli.Run coalesce = agent.gantry("ethtool", "gte0", "set-coalesce", "rx-usecs", "10", "adaptive-rx", "on");

        assertThat(channels.exit()).isZero();
        assertThat(coalesce.exit()).isZero();
        assertThat(agent.requests()).containsExactly(
                new RecordingAgent.Request("PATCH", BASE + "/channels", "{\"rx\":2}"),
                new RecordingAgent.Request("PATCH", BASE + "/coalesce", "{\"rxUsecs\":10,\"adaptiveRx\":true}"));
        assertThat(channels.out()).isEqualTo("""
                rxMax:  2
                txMax:  2
                rx:     2
                tx:     1
                """);
        assertThat(coalesce.out()).isEqualTo("""
                rxUsecs:     10
                adaptiveRx:  on
                """);
    }

    @Test
    void setSettingsSendsNumbersWordsAndTheAdvertisedModesAsAList() {
        agent.on("PATCH", BASE + "/settings", 200, """
                {"speed":1000,"duplex":"full","autoneg":true,"port":"Twisted Pair","transceiver":"internal",
                 "supportedLinkModes":["1000baseT/Full","100baseT/Full"],"advertisedLinkModes":["1000baseT/Full"],
                 "peerLinkModes":[]}""");

        Cli.Run run = agent.gantry("ethtool", "gte0", "set-settings", "autoneg", "on", "duplex", "full",
                "advertise", "1000baseT/Full,100baseT/Full");

        assertThat(run.exit()).isZero();
        assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH", BASE + "/settings",
                "{\"autoneg\":true,\"duplex\":\"full\",\"advertise\":[\"1000baseT/Full\",\"100baseT/Full\"]}"));
        assertThat(run.out()).isEqualTo("""
                Speed:                  1000Mb/s
                Duplex:                 full
                Auto-negotiation:       on
                Port:                   Twisted Pair
                Transceiver:            internal
                Supported link modes:   1000baseT/Full 100baseT/Full
                Advertised link modes:  1000baseT/Full
                Link partner modes:     not reported
                """);
    }

    @Test
    void driverPrintsAsEthtoolIAndStatsAsATable() {
        agent.on("GET", BASE + "/driver", 200, """
                {"driver":"veth","version":"1.0","firmwareVersion":"","expansionRomVersion":"","busInfo":"",
                 "supportsStatistics":true,"supportsTest":false,"supportsEepromAccess":false,
                 "supportsRegisterDump":false,"supportsPrivFlags":false}""");
        agent.on("GET", BASE + "/statistics", 200, "{\"statistics\":{\"peer_ifindex\":7,\"rx_queue_0_drops\":0}}");

        Cli.Run driver = agent.gantry("ethtool", "gte0", "driver");
        Cli.Run stats = agent.gantry("ethtool", "gte0", "stats");

        assertThat(driver.out()).isEqualTo("""
                driver: veth
                version: 1.0
                firmware-version:\s
                expansion-rom-version:\s
                bus-info:\s
                supports-statistics: yes
                supports-test: no
                supports-eeprom-access: no
                supports-register-dump: no
                supports-priv-flags: no
                """);
        assertThat(stats.out()).isEqualTo("""
                STATISTIC          VALUE
                peer_ifindex       7
                rx_queue_0_drops   0
                """);
    }

    @Test
    void withoutWhatItSummarisesEverythingAndNamesTheUnsupportedParts() {
        agent.on("GET", BASE, 200, """
                {"name":"gte0","settings":{"speed":10000,"duplex":"full","autoneg":false,"port":"Twisted Pair",
                  "supportedLinkModes":[],"advertisedLinkModes":[],"peerLinkModes":[]},
                 "linkState":{"link":false},"driver":{"driver":"veth"},
                 "features":""" + FEATURES + """
                },"statistics":{"peer_ifindex":7},"channels":{"rx":1},"unsupported":["rings","coalesce","pause"]}""");

        Cli.Run run = agent.gantry("ethtool", "gte0");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                Link:               gte0
                Driver:             veth
                Speed:              10000Mb/s
                Duplex:             full
                Auto-negotiation:   off
                Port:               Twisted Pair
                Link detected:      no
                Permanent address:  not set
                Features on:        3
                Statistics:         1
                Unsupported:        rings, coalesce, pause
                """);
    }

    @Test
    void anOperationTheDriverLacksShowsTheProblemAndExits1() {
        agent.on("GET", BASE + "/rings", 422, """
                {"type":"https://gantry.dev/problems/not-supported","title":"Not supported by the link's driver",
                 "status":422,"detail":"the driver of gte0 does not support rings: Operation not supported"}""");

        Cli.Run run = agent.gantry("ethtool", "gte0", "rings");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
        assertThat(run.err()).contains("does not support rings");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void oddPairsAndUnknownWordsAreUsageErrorsThatSendNothing() {
        Cli.Run odd = agent.gantry("ethtool", "gte0", "set-channels", "rx");
        Cli.Run word = agent.gantry("ethtool", "gte0", "set-feature", "gro", "maybe");
        Cli.Run what = agent.gantry("ethtool", "gte0", "eeprom");

        assertThat(odd.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(odd.err()).contains("NAME VALUE pairs");
        assertThat(word.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(word.err()).contains("gro: expected on or off, got maybe");
        assertThat(what.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(what.err()).contains("unknown WHAT 'eeprom'");
        assertThat(agent.requests()).isEmpty();
    }
}
