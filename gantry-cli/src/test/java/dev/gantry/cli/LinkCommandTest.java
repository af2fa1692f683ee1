package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gantry link list|show|set|remove (.link files) against a RecordingAgent. */
class LinkCommandTest {
    private static final String PATH = "/etc/systemd/network/50-gantry-uplink.link";
    private static final String APPLIED = "[{\"link\":\"gt-a\",\"linkFile\":\"" + PATH + "\",\"source\":\"udev\"},"
            + "{\"link\":\"gt-b\",\"source\":\"udev\",\"error\":\"udevadm: not found\"}]";

    @TempDir
    Path dir;

    @Test
    void setBuildsTheBodyFromFlagsAndPrintsWhatUdevApplied() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/linkfiles/uplink", 200,
                    "{\"name\":\"uplink\",\"path\":\"" + PATH + "\",\"links\":" + APPLIED + "}");

            Cli.Run run = agent.gantry("link", "set", "uplink", "--match-name", "gt-*", "--mtu", "9000",
                    "--mac", "02:00:00:00:0a:01", "--alt-name", "up0", "--set", "TransmitChecksumOffload=no",
                    "--set", "Match.Driver=veth");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/linkfiles/uplink");
            assertThat(Json.parse(agent.only().body())).isEqualTo(Json.parse("""
                    {"Match":{"OriginalName":"gt-*","Driver":"veth"},
                     "Link":{"MTUBytes":"9000","MACAddressPolicy":"none","MACAddress":"02:00:00:00:0a:01",
                             "AlternativeName":"up0","TransmitChecksumOffload":"no"}}"""));
            assertThat(run.out()).isEqualTo("wrote " + PATH + "\ngt-a: " + PATH + " (udev)\n"
                    + "gt-b: not applied: udevadm: not found\n");
        }
    }

    @Test
    void setFromAnIniFileWithDryRunPrintsTheDiff() throws Exception {
        Path file = Files.writeString(dir.resolve("uplink.link"),
                "[Match]\nOriginalName=gt-a\n[Link]\nAlternativeName=a1\nAlternativeName=a2\n");
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("PUT", "/api/v1/network/linkfiles/uplink", 200,
                    "{\"path\":\"" + PATH + "\",\"content\":\"x\",\"diff\":\"\"}");

            Cli.Run run = agent.gantry("link", "set", "uplink", "--file", file.toString(), "--dry-run");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(agent.only().target()).isEqualTo("/api/v1/network/linkfiles/uplink?dryRun=true");
            assertThat(Json.parse(agent.only().body())).isEqualTo(Json.parse(
                    "{\"Match\":{\"OriginalName\":\"gt-a\"},\"Link\":{\"AlternativeName\":[\"a1\",\"a2\"]}}"));
            assertThat(run.out()).isEqualTo("no change to " + PATH + "\n");
        }
    }

    @Test
    void listShowAndRemove() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/network/linkfiles", 200,
                    "[{\"name\":\"uplink\",\"path\":\"" + PATH + "\",\"links\":[{\"link\":\"eth0\"},{\"link\":\"eth1\"}]}]");
            agent.on("GET", "/api/v1/network/linkfiles/uplink", 200, "{\"name\":\"uplink\",\"path\":\"" + PATH
                    + "\",\"content\":\"[Link]\\nMTUBytes=9000\\n\",\"links\":[{\"link\":\"eth0\",\"linkFile\":\""
                    + PATH + "\",\"source\":\"networkd\"}]}");
            agent.on("DELETE", "/api/v1/network/linkfiles/uplink", 200, "{\"path\":\"" + PATH + "\",\"links\":"
                    + "[{\"link\":\"eth0\",\"linkFile\":\"/usr/lib/systemd/network/99-default.link\",\"source\":\"udev\"}]}");

            Cli.Run list = agent.gantry("link", "list");
            Cli.Run show = agent.gantry("link", "show", "uplink");
            Cli.Run remove = agent.gantry("link", "remove", "uplink");

            assertThat(list.out()).contains("NAME", "PATH", "LINKS").contains("uplink", PATH, "eth0,eth1");
            assertThat(show.out()).isEqualTo("# " + PATH + "\n[Link]\nMTUBytes=9000\neth0: " + PATH + " (networkd)\n");
            assertThat(remove.out()).isEqualTo("removed " + PATH
                    + "\neth0: /usr/lib/systemd/network/99-default.link (udev)\n");
            assertThat(agent.requests().get(2)).isEqualTo(
                    new RecordingAgent.Request("DELETE", "/api/v1/network/linkfiles/uplink", ""));
        }
    }
}
