package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * The .network file routes in memory against a temporary directory and a recording stand-in for
 * networkd (no bus, the host untouched; rtnetlink is only read, for lo's ifindex). That networkd
 * really applies the files is NetworkdFilesIT's, in a box.
 */
class NetworkdFilesTest extends NetworkdFileRoutesTest {
    private static final String BODY = "{\"Network\":{\"Address\":[\"10.70.0.1/24\"],\"DNS\":[\"10.70.0.53\"]},"
            + "\"Route\":[{\"Destination\":\"192.0.2.0/24\",\"Gateway\":\"10.70.0.254\"}]}";

    @Test
    void putWritesTheFileReloadsAndGetParsesItBack() throws Exception {
        Answer put = call("PUT", "/api/v1/network/networks/lo", BODY);
        assertThat(put.status()).isEqualTo(200);
        Path file = dir.resolve("50-gantry-lo.network");
        assertThat(Files.readString(file)).contains("[Match]\nName=lo\n", "Address=10.70.0.1/24\n",
                "[Route]\nDestination=192.0.2.0/24\nGateway=10.70.0.254\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        int lo = rtnl.link("lo").orElseThrow().index();
        assertThat(calls).containsExactly("ping", "reload " + lo);

        Answer get = call("GET", "/api/v1/network/networks/lo", null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("path").asText()).isEqualTo(file.toString());
        JsonNode expected = Json.mapper().readTree(BODY);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).putObject("Match").put("Name", "lo");
        assertThat(get.json().get("network")).isEqualTo(expected);
    }

    @Test
    void dryRunShowsTheDiffAndChangesNothing() throws Exception {
        Answer dry = call("PUT", "/api/v1/network/networks/gt-x?dryRun=true", BODY);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("diff").asText()).startsWith("--- /dev/null\n+++ b" + dir.resolve("50-gantry-gt-x.network"))
                .contains("+Address=10.70.0.1/24\n");
        assertThat(dry.json().get("content").asText()).contains("[Route]");
        assertThat(Files.list(dir)).isEmpty();
        assertThat(calls).isEmpty();

        assertThat(call("PUT", "/api/v1/network/networks/gt-x", BODY).status()).isEqualTo(200);
        calls.clear();
        String before = Files.readString(dir.resolve("50-gantry-gt-x.network"));
        Answer del = call("DELETE", "/api/v1/network/networks/gt-x?dryRun=true", null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(del.json().get("diff").asText()).contains("+++ /dev/null", "-Address=10.70.0.1/24");
        assertThat(del.json().path("content").isMissingNode() || del.json().get("content").isNull()).isTrue();
        assertThat(Files.readString(dir.resolve("50-gantry-gt-x.network"))).isEqualTo(before);
        assertThat(calls).isEmpty();
    }

    @Test
    void deleteRemovesTheFileAndAMissingFileIs404() throws Exception {
        assertThat(call("PUT", "/api/v1/network/networks/gt-y", BODY).status()).isEqualTo(200);
        calls.clear();
        assertThat(call("DELETE", "/api/v1/network/networks/gt-y", null).status()).isEqualTo(204);
        assertThat(dir.resolve("50-gantry-gt-y.network")).doesNotExist();
        assertThat(calls).containsExactly("ping", "reload null");
        assertThat(call("DELETE", "/api/v1/network/networks/gt-y", null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/network/networks/gt-y", null).status()).isEqualTo(404);
    }

    @Test
    void badInputIs400NamingTheFieldAndWritesNothing() throws Exception {
        Answer unknown = call("PUT", "/api/v1/network/networks/gt-z", "{\"Network\":{\"DNSS\":[\"1.1.1.1\"]}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("Network.DNSS");
        Answer cidr = call("PUT", "/api/v1/network/networks/gt-z", "{\"Address\":[{\"Address\":\"10.0.0.300/24\"}]}");
        assertThat(cidr.status()).isEqualTo(400);
        assertThat(cidr.json().get("errors").get(0).get("field").asText()).isEqualTo("Address[0].Address");
        Answer dots = call("PUT", "/api/v1/network/networks/..", BODY);
        assertThat(dots.status()).isEqualTo(400);
        assertThat(Files.list(dir)).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void networkdNotRunningIs503BeforeAnythingIsWritten() throws Exception {
        running = false;
        assertThat(call("PUT", "/api/v1/network/networks/gt-w", BODY).status()).isEqualTo(503);
        assertThat(Files.list(dir)).isEmpty();
    }
}
