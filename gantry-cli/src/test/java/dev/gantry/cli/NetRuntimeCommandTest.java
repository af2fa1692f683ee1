package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry network link set, address, route and rule against a RecordingAgent: requests and output. */
class NetRuntimeCommandTest {
    @Test
    void linkSetPatchesUpAndMtuAndPrintsTheLinkAsItIsNow() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/network/links/gt-a", 200,
                    "{\"name\":\"gt-a\",\"operState\":\"up\",\"mtu\":1400,\"flags\":[\"UP\"]}");

            Cli.Run run = agent.gantry("network", "link", "set", "gt-a", "--up", "--mtu", "1400");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PATCH", "/api/v1/network/links/gt-a",
                    "{\"up\":true,\"mtu\":1400}"));
            assertThat(run.out()).isEqualTo("gt-a: up, mtu 1400, flags [\"UP\"]\n");
        }
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PATCH", "/api/v1/network/links/gt-a", 200, "{\"name\":\"gt-a\"}");
            assertThat(agent.gantry("net", "link", "set", "gt-a", "--down").exit()).isZero();
            assertThat(agent.only().body()).isEqualTo("{\"up\":false}");
        }
    }

    @Test
    void upAndDownTogetherAreAUsageError() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            Cli.Run run = agent.gantry("network", "link", "set", "gt-a", "--up", "--down");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(agent.requests()).isEmpty();
        }
    }

    @Test
    void addressAddPostsAndDelDeletesWithTheAddressAsQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/network/links/gt-a/addresses", 201,
                    "{\"address\":\"10.0.0.2\",\"prefixLength\":24}");
            agent.on("DELETE", "/api/v1/network/links/gt-a/addresses", 204, "");

            Cli.Run add = agent.gantry("network", "address", "add", "gt-a", "10.0.0.2/24");
            Cli.Run del = agent.gantry("network", "address", "del", "gt-a", "10.0.0.2/24");

            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(del.exit()).as(del.err()).isZero();
            assertThat(agent.requests()).containsExactly(
                    new RecordingAgent.Request("POST", "/api/v1/network/links/gt-a/addresses",
                            "{\"address\":\"10.0.0.2/24\"}"),
                    new RecordingAgent.Request("DELETE", "/api/v1/network/links/gt-a/addresses?address=10.0.0.2%2F24",
                            ""));
            assertThat(add.out()).isEqualTo("added 10.0.0.2/24 to gt-a\n");
            assertThat(del.out()).isEqualTo("removed 10.0.0.2/24 from gt-a\n");
        }
    }

    @Test
    void routeAddReplaceAndDelSendTheRouteAsBodyOrQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/network/routes", 204, "");
            agent.on("PUT", "/api/v1/network/routes", 204, "");
            agent.on("DELETE", "/api/v1/network/routes", 204, "");

            Cli.Run add = agent.gantry("network", "route", "add", "192.0.2.0/24", "--via", "10.0.0.1", "--dev", "gt-a",
                    "--table", "100", "--metric", "50");
            agent.gantry("network", "route", "replace", "default", "--via", "10.0.0.254");
            agent.gantry("network", "route", "del", "192.0.2.0/24", "--table", "100");

            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(add.out()).isEqualTo("added route 192.0.2.0/24\n");
            assertThat(agent.requests()).containsExactly(
                    new RecordingAgent.Request("POST", "/api/v1/network/routes", "{\"destination\":\"192.0.2.0/24\","
                            + "\"gateway\":\"10.0.0.1\",\"device\":\"gt-a\",\"table\":\"100\",\"metric\":50}"),
                    new RecordingAgent.Request("PUT", "/api/v1/network/routes",
                            "{\"destination\":\"default\",\"gateway\":\"10.0.0.254\"}"),
                    new RecordingAgent.Request("DELETE",
                            "/api/v1/network/routes?destination=192.0.2.0%2F24&table=100", ""));
        }
    }

    @Test
    void ruleAddPostsTheSelectorsAndDelSendsThemAsQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/network/rules", 204, "");
            agent.on("DELETE", "/api/v1/network/rules", 204, "");

            Cli.Run add = agent.gantry("network", "rule", "add", "--priority", "1000", "--from", "10.0.0.0/24",
                    "--table", "100");
            Cli.Run del = agent.gantry("network", "rule", "del", "--priority", "1000");

            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(del.out()).isEqualTo("deleted rule\n");
            assertThat(agent.requests()).containsExactly(
                    new RecordingAgent.Request("POST", "/api/v1/network/rules",
                            "{\"priority\":1000,\"from\":\"10.0.0.0/24\",\"table\":\"100\"}"),
                    new RecordingAgent.Request("DELETE", "/api/v1/network/rules?priority=1000", ""));
        }
    }

    @Test
    void neighReplacePutsTheEntryAndDelDeletesItByQuery() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/neighbours", 200,
                    "{\"address\":\"10.0.0.9\",\"lladdr\":\"02:00:00:00:00:09\",\"state\":[\"PERMANENT\"]}");
            agent.on("DELETE", "/api/v1/network/neighbours", 204, "");

            Cli.Run add = agent.gantry("network", "neigh", "replace", "gt-a", "10.0.0.9", "02:00:00:00:00:09");
            Cli.Run del = agent.gantry("network", "neigh", "del", "gt-a", "10.0.0.9");

            assertThat(add.exit()).as(add.err()).isZero();
            assertThat(del.exit()).as(del.err()).isZero();
            assertThat(agent.requests()).containsExactly(
                    new RecordingAgent.Request("PUT", "/api/v1/network/neighbours",
                            "{\"device\":\"gt-a\",\"address\":\"10.0.0.9\",\"lladdr\":\"02:00:00:00:00:09\",\"permanent\":true}"),
                    new RecordingAgent.Request("DELETE", "/api/v1/network/neighbours?device=gt-a&address=10.0.0.9", ""));
            assertThat(add.out()).isEqualTo("10.0.0.9 lladdr 02:00:00:00:00:09 on gt-a [\"PERMANENT\"]\n");
            assertThat(del.out()).isEqualTo("removed the entry of 10.0.0.9 on gt-a\n");
        }
    }
}
