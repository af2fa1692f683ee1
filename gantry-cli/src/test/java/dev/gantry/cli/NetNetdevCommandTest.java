package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry network netdev list|show|create|remove against a RecordingAgent. */
class NetNetdevCommandTest {
    private static final String PATH = "/etc/systemd/network/50-gantry-gt-br0.netdev";

    @TempDir
    Path dir;

    @Test
    void listPrintsATable() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/netdevs", 200,
                    "[{\"name\":\"gt-br0\",\"kind\":\"bridge\",\"path\":\"" + PATH + "\",\"parent\":\"gt-q\"}]");

            Cli.Run run = agent.gantry("network", "netdev", "list");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("NAME", "KIND", "PARENT").contains("gt-br0", "bridge", "gt-q", PATH);
        }
    }

    @Test
    void createPostsNameKindParentAndSettingsAndPrintsWhatWasWritten() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/network/netdevs", 201,
                    "{\"name\":\"gt-br0\",\"kind\":\"bridge\",\"path\":\"" + PATH + "\",\"parent\":\"gt-q\"}");

            Cli.Run run = agent.gantry("network", "netdev", "create", "gt-br0", "--kind", "bridge", "--parent", "gt-q",
                    "--set", "Bridge.STP=no");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/netdevs");
            assertThat(Json.parse(agent.only().body())).isEqualTo(Json.parse(
                    "{\"NetDev\":{\"Name\":\"gt-br0\",\"Kind\":\"bridge\"},\"Bridge\":{\"STP\":\"no\"},\"parent\":\"gt-q\"}"));
            assertThat(run.out()).isEqualTo("created " + PATH + " (bridge, parent gt-q); networkd reloaded\n");
        }
    }

    @Test
    void createFromAnIniFileDryRunPrintsEachFilesDiff() throws Exception {
        Path file = Files.writeString(dir.resolve("vx.netdev"), "[NetDev]\nKind=vxlan\n[VXLAN]\nVNI=42\n");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("POST", "/api/v1/network/netdevs", 200, "{\"files\":[{\"path\":\"a\",\"diff\":\"+one\\n\"},"
                    + "{\"path\":\"b\",\"diff\":\"+two\\n\"}]}");

            Cli.Run run = agent.gantry("network", "netdev", "create", "gt-vx", "--file", file.toString(), "--dry-run");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/netdevs?dryRun=true");
            assertThat(Json.parse(agent.only().body())).isEqualTo(Json.parse(
                    "{\"NetDev\":{\"Kind\":\"vxlan\",\"Name\":\"gt-vx\"},\"VXLAN\":{\"VNI\":\"42\"}}"));
            assertThat(run.out()).isEqualTo("+one\n+two\n");
        }
    }

    @Test
    void showPrintsTheFileAndRemoveDeletes() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/netdevs/gt-br0", 200, "{\"name\":\"gt-br0\",\"path\":\"" + PATH
                    + "\",\"parent\":\"gt-q\",\"content\":\"[NetDev]\\nName=gt-br0\\n\"}");
            agent.on("DELETE", "/api/v1/network/netdevs/gt-br0", 204, "");

            Cli.Run show = agent.gantry("network", "netdev", "show", "gt-br0");
            Cli.Run remove = agent.gantry("network", "netdev", "remove", "gt-br0");

            assertThat(show.out()).isEqualTo("# " + PATH + " (parent gt-q)\n[NetDev]\nName=gt-br0\n");
            assertThat(remove.exit()).isZero();
            assertThat(remove.out()).isEqualTo("removed gt-br0\n");
            assertThat(agent.requests().get(1)).isEqualTo(
                    new RecordingAgent.Request("DELETE", "/api/v1/network/netdevs/gt-br0", ""));
        }
    }
}
