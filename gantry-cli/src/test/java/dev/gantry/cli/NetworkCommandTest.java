package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry network events and gantry events --link/--kind against a RecordingAgent. */
class NetworkCommandTest {
    private static final String HISTORY = """
            [{"id":815,"time":"2026-12-07T19:30:01.262Z","kind":"script","link":"eth1","ifindex":3,
              "detail":{"script":"routable.d/50-route","state":"routable","trigger":812,"result":"exited",
                        "exitCode":0,"durationMillis":14}},
             {"id":814,"time":"2026-12-07T19:30:01.250Z","kind":"script","link":"eth1","ifindex":3,
              "detail":{"script":"routable.d/60-bad","state":"routable","trigger":812,"result":"skipped",
                        "reason":"writable by group (mode 0775)"}},
             {"id":812,"time":"2026-12-07T19:30:01.231Z","kind":"link-state","link":"eth1","ifindex":3,
              "detail":{"changed":{"CarrierState":"carrier","OperationalState":"routable"},"replay":false}}]""";

    @Test
    void historySendsTheFiltersAndPrintsOneLinePerEntry() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/events", 200, HISTORY);

            Cli.Run run = agent.gantry("network", "events", "--link", "eth1", "--kind", "script,link-state",
                    "--limit", "3");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target())
                    .isEqualTo("/api/v1/network/events?link=eth1&kind=script%2Clink-state&limit=3");
            String[] lines = run.out().split("\n");
            assertThat(lines[0]).startsWith("ID").contains("TIME", "KIND", "LINK", "WHAT");
            assertThat(lines[1]).startsWith("815").contains("script", "eth1", "routable.d/50-route exited 0 in 14 ms");
            assertThat(lines[2]).contains("routable.d/60-bad skipped (writable by group (mode 0775))");
            assertThat(lines[3]).contains("link-state", "CarrierState=carrier OperationalState=routable");
        }
    }

    @Test
    void followingNetworkEventsPassesLinkAndKindToTheStream() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/events", 200, "text/event-stream", """
                    : gantry events, last id 811

                    id: 812
                    event: network
                    data: {"kind":"link-state","link":"eth1","ifindex":3,"detail":{"changed":{"OperationalState":"routable"},"replay":true}}

                    """);

            Cli.Run run = agent.gantry("events", "--link", "eth1", "--kind", "link-state", "--count", "1");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/events?link=eth1&kind=link-state");
            assertThat(run.out()).contains("812").contains("network")
                    .contains("OperationalState=routable (replay)");
        }
    }
}
