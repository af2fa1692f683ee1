package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry net against a RecordingAgent: the request each command sends and the table it prints. */
class NetCommandTest {
    @Test
    void linksPrintsStateMtuMacMasterAndFlags() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/links", 200, """
                    [{"index":1,"name":"lo","altNames":[],"mtu":65536,"mac":"00:00:00:00:00:00",
                      "flags":["LOOPBACK","UP","LOWER_UP"],"operState":"UNKNOWN","stats64":{"rxBytes":1}},
                     {"index":4,"name":"v0","altNames":["veth-zero"],"kind":"veth","mtu":1500,
                      "mac":"96:c8:cb:c6:ad:df","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],
                      "operState":"UP","master":"br0","masterIndex":2}]""");

            Cli.Run run = agent.gantry("net", "links");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/network/links", ""));
            assertThat(run.out()).isEqualTo("""
                    INDEX   NAME   KIND   STATE     MTU     MAC                 MASTER   FLAGS
                    1       lo     -      UNKNOWN   65536   00:00:00:00:00:00   -        LOOPBACK,UP,LOWER_UP
                    4       v0     veth   UP        1500    96:c8:cb:c6:ad:df   br0      BROADCAST,MULTICAST,UP,LOWER_UP
                    """);
        }
    }

    @Test
    void linksAsJsonIsTheApisAnswer() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/links", 200, "[{\"index\":1,\"name\":\"lo\"}]");

            Cli.Run run = agent.gantry("net", "links", "-o", "json");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    [
                      {
                        "index": 1,
                        "name": "lo"
                      }
                    ]
                    """);
        }
    }

    @Test
    void addressesPrintEachWithItsPrefix() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/addresses", 200, """
                    [{"family":"inet","index":2,"device":"br0","address":"10.20.0.9","prefixLength":24,
                      "scope":"global","label":"br0","flags":["secondary","permanent"]},
                     {"family":"inet6","index":2,"device":"br0","address":"fd00:20::1","prefixLength":64,
                      "scope":"global","flags":[]}]""");

            Cli.Run run = agent.gantry("net", "addresses");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/addresses");
            assertThat(run.out()).isEqualTo("""
                    DEVICE   FAMILY   ADDRESS         SCOPE    FLAGS
                    br0      inet     10.20.0.9/24    global   secondary,permanent
                    br0      inet6    fd00:20::1/64   global   -
                    """);
        }
    }

    @Test
    void routesSendTheTableAndShowMultipathHops() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/routes", 200, """
                    [{"family":"inet","table":"main","tableId":254,"type":"unicast","destination":"default",
                      "gateway":"10.20.0.254","device":"br0","oif":2,"protocol":"boot","scope":"global",
                      "flags":[],"nexthops":[]},
                     {"family":"inet","table":"100","tableId":100,"type":"unicast","destination":"203.0.113.0/24",
                      "protocol":"boot","scope":"global","metric":5,"flags":[],"nexthops":[
                        {"gateway":"10.20.0.251","device":"br0","oif":2,"weight":2,"flags":[]},
                        {"gateway":"10.30.0.252","device":"v1","oif":3,"weight":1,"flags":[]}]}]""");

            Cli.Run run = agent.gantry("net", "routes", "--table", "all");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().method()).isEqualTo("GET");
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/routes?table=all");
            assertThat(run.out()).isEqualTo("""
                    DESTINATION      GATEWAY                   DEVICE   TABLE   TYPE      PROTOCOL   METRIC
                    default          10.20.0.254               br0      main    unicast   boot       -
                    203.0.113.0/24   10.20.0.251,10.30.0.252   br0,v1   100     unicast   boot       5
                    """);
        }
    }

    @Test
    void routesWithoutATableAskForTheDefault() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/routes", 200, "[]");

            Cli.Run run = agent.gantry("net", "routes");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/routes");
        }
    }

    @Test
    void rulesShowSelectorsAndTheLookup() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/rules", 200, """
                    [{"family":"inet","priority":0,"from":"all","table":"local","tableId":255,"action":"lookup","not":false},
                     {"family":"inet","priority":1001,"from":"all","to":"198.51.100.7","iif":"br0","table":"main",
                      "tableId":254,"action":"lookup","not":false},
                     {"family":"inet6","priority":1002,"from":"fd00:20::/64","tableId":0,"action":"blackhole","not":false}]""");

            Cli.Run run = agent.gantry("net", "rules");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/rules");
            assertThat(run.out()).isEqualTo("""
                    PRIORITY   FAMILY   FROM           TO             IIF   OIF   ACTION
                    0          inet     all            -              -     -     lookup local
                    1001       inet     all            198.51.100.7   br0   -     lookup main
                    1002       inet6    fd00:20::/64   -              -     -     blackhole
                    """);
        }
    }

    @Test
    void neighboursShowLinkLayerAddressAndState() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/neighbours", 200, """
                    [{"family":"inet","index":2,"device":"br0","address":"10.20.0.254","lladdr":"02:00:00:00:00:fe",
                      "state":["PERMANENT"],"flags":[]},
                     {"family":"inet","index":2,"device":"br0","address":"10.20.0.7","state":["INCOMPLETE"],"flags":[]}]""");

            Cli.Run run = agent.gantry("net", "neighbours");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/neighbours");
            assertThat(run.out()).isEqualTo("""
                    ADDRESS       DEVICE   LLADDR              STATE
                    10.20.0.254   br0      02:00:00:00:00:fe   PERMANENT
                    10.20.0.7     br0      -                   INCOMPLETE
                    """);
        }
    }

    @Test
    void anUnknownTableIsTheAgentsProblemOnStderr() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/routes", 400, """
                    {"type":"https://gantry.dev/problems/invalid-request","title":"Invalid request","status":400,
                     "detail":"table: a table number or a name from /etc/iproute2/rt_tables",
                     "errors":[{"field":"table","code":"table","message":"a table number or a name from /etc/iproute2/rt_tables","rejected":"nope"}]}""");

            Cli.Run run = agent.gantry("net", "routes", "--table", "nope");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("table: a table number or a name from /etc/iproute2/rt_tables");
        }
    }
}
