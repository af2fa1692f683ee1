package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry net network show|set|remove against a RecordingAgent: the request sent and what is printed. */
class NetNetworkCommandTest {
    private static final String PATH = "/etc/systemd/network/50-gantry-gt-a.network";

    @TempDir
    Path dir;

    @Test
    void showPrintsThePathAndTheFile() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/networks/gt-a", 200, """
                    {"link":"gt-a","path":"%s","network":{"Match":{"Name":"gt-a"}},
                     "content":"[Match]\\nName=gt-a\\n"}""".formatted(PATH));

            Cli.Run run = agent.gantry("net", "network", "show", "gt-a");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/network/networks/gt-a", ""));
            assertThat(run.out()).isEqualTo("# " + PATH + "\n[Match]\nName=gt-a\n");
        }
    }

    @Test
    void setSendsTheFileAsTheBody() throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"Network\":{\"DNS\":[\"1.1.1.1\"]}}");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 200,
                    "{\"link\":\"gt-a\",\"path\":\"" + PATH + "\",\"network\":{},\"content\":\"\"}");

            Cli.Run run = agent.gantry("net", "network", "set", "gt-a", "--file", body.toString());

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("PUT", "/api/v1/network/networks/gt-a",
                    "{\"Network\":{\"DNS\":[\"1.1.1.1\"]}}"));
            assertThat(run.out()).isEqualTo("wrote " + PATH + "; networkd reloaded and reconfigured gt-a\n");
        }
    }

    @Test
    void setDryRunPrintsTheDiff() throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"Network\":{\"DNS\":[\"1.1.1.1\"]}}");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 200,
                    "{\"path\":\"" + PATH + "\",\"content\":\"x\",\"diff\":\"--- /dev/null\\n+++ b" + PATH + "\\n\"}");

            Cli.Run run = agent.gantry("net", "network", "set", "gt-a", "--file", body.toString(), "--dry-run");

            assertThat(run.exit()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/networks/gt-a?dryRun=true");
            assertThat(run.out()).isEqualTo("--- /dev/null\n+++ b" + PATH + "\n");
        }
    }

    @Test
    void removeSendsDeleteAndDryRunPrintsTheDiff() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/network/networks/gt-a", 200,
                    "{\"path\":\"" + PATH + "\",\"diff\":\"\"}");

            Cli.Run run = agent.gantry("net", "network", "remove", "gt-a", "--dry-run");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("DELETE",
                    "/api/v1/network/networks/gt-a?dryRun=true", ""));
            assertThat(run.out()).isEqualTo("no change to " + PATH + "\n");
        }
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("DELETE", "/api/v1/network/networks/gt-a", 204, "");

            Cli.Run run = agent.gantry("net", "network", "remove", "gt-a");

            assertThat(run.exit()).isZero();
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("DELETE", "/api/v1/network/networks/gt-a", ""));
            assertThat(run.out()).isEqualTo("removed the .network file of gt-a; networkd reloaded\n");
        }
    }

    @Test
    void anUnknownKeyIsTheAgents400() throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"Network\":{\"DNSS\":[\"1.1.1.1\"]}}");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/networks/gt-a", 400, """
                    {"type":"https://gantry.dev/problems/invalid","title":"Invalid request","status":400,
                     "errors":[{"field":"Network.DNSS","code":"unknown-key","message":"unknown key"}]}""");

            Cli.Run run = agent.gantry("net", "network", "set", "gt-a", "--file", body.toString());

            assertThat(run.exit()).isNotZero();
            assertThat(run.err()).contains("Network.DNSS");
        }
    }
}
