package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gantry sysctl against a RecordingAgent: the request each command sends and how it shows the answer. */
class SysctlCommandTest {
    private static final String SETTING = """
            {"key":"net.ipv4.ip_forward","value":"1","persisted":[
              {"file":"/etc/sysctl.d/60-admin.conf","line":3,"value":"0"},
              {"file":"/etc/sysctl.d/90-gantry.conf","line":2,"value":"1"}]}""";

    @Test
    void listSendsThePatternAndPrintsKeysAndValues() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/sysctl", 200, """
                    [{"key":"net.ipv4.ip_forward","value":"1"},{"key":"net.ipv4.tcp_ecn","value":"2"}]""");

            Cli.Run run = agent.gantry("sysctl", "list", "^net\\.ipv4\\.");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().method()).isEqualTo("GET");
            assertThat(agent.only().target()).isEqualTo("/api/v1/sysctl?pattern=%5Enet%5C.ipv4%5C.");
            assertThat(run.out()).isEqualTo("""
                    KEY                   VALUE
                    net.ipv4.ip_forward   1
                    net.ipv4.tcp_ecn      2
                    """);
        }
    }

    @Test
    void getShowsTheValueAndEveryPersistedSetting() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/sysctl/net.ipv4.ip_forward", 200, SETTING);

            Cli.Run run = agent.gantry("sysctl", "get", "net.ipv4.ip_forward");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("""
                    Key:        net.ipv4.ip_forward
                    Value:      1
                    Persisted:  /etc/sysctl.d/60-admin.conf:3  0
                                /etc/sysctl.d/90-gantry.conf:2  1
                    """);
        }
    }

    @Test
    void setWithPersistAndFileSendsThemInThePutBody() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/sysctl/net.ipv4.ip_forward", 200, SETTING);

            Cli.Run run = agent.gantry("sysctl", "set", "net.ipv4.ip_forward", "1", "--persist", "--file", "60-net.conf");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PUT", "/api/v1/sysctl/net.ipv4.ip_forward",
                    "{\"value\":\"1\",\"persist\":true,\"file\":\"60-net.conf\"}"));
            assertThat(run.out()).startsWith("Key:        net.ipv4.ip_forward\n");
        }
    }

    @Test
    void setWithoutPersistSendsOnlyTheValueAndAFileAloneIsAUsageError() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/sysctl/net.core.somaxconn", 200,
                    "{\"key\":\"net.core.somaxconn\",\"value\":\"512\",\"persisted\":[]}");

            Cli.Run run = agent.gantry("sysctl", "set", "net.core.somaxconn", "512");
            assertThat(run.exit()).isZero();
            assertThat(agent.only().body()).isEqualTo("{\"value\":\"512\"}");
            assertThat(run.out()).contains("Persisted:  -");

            Cli.Run usage = agent.gantry("sysctl", "set", "net.core.somaxconn", "512", "--file", "x.conf");
            assertThat(usage.exit()).isEqualTo(Gantry.EXIT_USAGE);
            assertThat(usage.err()).contains("--file needs --persist");
            assertThat(agent.requests()).hasSize(1);
        }
    }

    @Test
    void aRefusedSetShowsTheProblemAndExits1() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/sysctl/vm.swappiness", 409, """
                    {"type":"https://gantry.dev/problems/conflict","title":"Conflict","status":409,
                     "detail":"vm.swappiness cannot be changed on this host: its /proc/sys is read-only"}""");

            Cli.Run run = agent.gantry("sysctl", "set", "vm.swappiness", "10");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.err()).contains("read-only");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void removeSendsADeleteWithTheFile() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/sysctl/net.ipv4.ip_forward", 204, "");

            Cli.Run run = agent.gantry("sysctl", "remove", "net.ipv4.ip_forward", "--file", "60-net.conf");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("DELETE",
                    "/api/v1/sysctl/net.ipv4.ip_forward?file=60-net.conf", ""));
            assertThat(run.out()).isEqualTo("removed the persisted setting of net.ipv4.ip_forward\n");
        }
    }

    @Test
    void loadPostsTheFilesAndTabulatesWhatWasApplied() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/sysctl/load", 200, """
                    {"applied":[{"file":"/etc/sysctl.d/60-net.conf","line":1,"key":"net.ipv4.ip_forward","value":"1"}],
                     "ignored":[{"file":"/etc/sysctl.d/60-net.conf","line":2,"key":"net.x","value":"1","error":"no such key"}]}""");

            Cli.Run run = agent.gantry("sysctl", "load", "60-net.conf", "/etc/sysctl.conf");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("POST", "/api/v1/sysctl/load",
                    "{\"files\":[\"60-net.conf\",\"/etc/sysctl.conf\"]}"));
            assertThat(run.out()).isEqualTo("""
                    FILE                        LINE   KEY                   VALUE   RESULT
                    /etc/sysctl.d/60-net.conf   1      net.ipv4.ip_forward   1       applied
                    /etc/sysctl.d/60-net.conf   2      net.x                 1       ignored: no such key
                    """);
        }
    }
}
