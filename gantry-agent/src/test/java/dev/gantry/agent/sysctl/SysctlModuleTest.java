package dev.gantry.agent.sysctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.sysctl.Sysctl;
import dev.gantry.agent.backend.sysctl.SysctlFiles;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes in memory, over a /proc/sys and an /etc of the test's own: nothing of this host changes. */
class SysctlModuleTest {
    @TempDir
    Path dir;
    private Path proc;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        proc = dir.resolve("proc/sys");
        Files.createDirectories(proc.resolve("net/ipv4/conf/eth0.100"));
        Files.createDirectories(proc.resolve("net/core"));
        Files.writeString(proc.resolve("net/ipv4/ip_forward"), "0\n");
        Files.writeString(proc.resolve("net/ipv4/conf/eth0.100/forwarding"), "0\n");
        Files.writeString(proc.resolve("net/core/somaxconn"), "4096\n");
        Files.createDirectories(dir.resolve("etc/sysctl.d"));
        SysctlModule module = new SysctlModule(new Sysctl(proc, false), new SysctlFiles(dir));
        dispatcher = new Dispatcher(new Routes("/api/v1").add(module).all());
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none());
        return new Answer(r.status(), r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }

    @Test
    void listingFiltersKeysByARegularExpression() throws Exception {
        Answer all = call("GET", "/api/v1/sysctl", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().toString()).isEqualTo("[{\"key\":\"net.core.somaxconn\",\"value\":\"4096\"},"
                + "{\"key\":\"net.ipv4.conf.eth0/100.forwarding\",\"value\":\"0\"},"
                + "{\"key\":\"net.ipv4.ip_forward\",\"value\":\"0\"}]");
        Answer some = call("GET", "/api/v1/sysctl?pattern=forward(ing)?%24", null);
        assertThat(some.json().findValuesAsText("key"))
                .containsExactly("net.ipv4.conf.eth0/100.forwarding", "net.ipv4.ip_forward");
    }

    @Test
    void aBadRegularExpressionIsA400NamingPattern() throws Exception {
        Answer bad = call("GET", "/api/v1/sysctl?pattern=net(", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("pattern");
    }

    @Test
    void keysThatArePathsOrClimbOrHoldNulAre400AndUnknownKeys404() throws Exception {
        for (String key : new String[] {"..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "net.ipv4..ip_forward",
                "net.ipv4.ip_forward%00", "net%2F..%2F..%2Fx"}) {
            Answer a = call("GET", "/api/v1/sysctl/" + key, null);
            assertThat(a.status()).as(key).isEqualTo(400);
            assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("key");
            assertThat(call("PUT", "/api/v1/sysctl/" + key, "{\"value\":\"1\"}").status()).as(key).isEqualTo(400);
        }
        assertThat(call("GET", "/api/v1/sysctl/net.ipv4.nothing", null).status()).isEqualTo(404);
    }

    @Test
    void settingWithPersistWritesProcAndTheDefaultFileAndShowsBoth() throws Exception {
        Answer set = call("PUT", "/api/v1/sysctl/net.ipv4.ip_forward", "{\"value\":\"1\",\"persist\":true}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(Files.readString(proc.resolve("net/ipv4/ip_forward"))).isEqualTo("1\n");
        Path file = dir.resolve("etc/sysctl.d/90-gantry.conf");
        assertThat(Files.readAllLines(file)).endsWith("net.ipv4.ip_forward = 1");
        assertThat(set.json().toString()).isEqualTo("{\"key\":\"net.ipv4.ip_forward\",\"value\":\"1\",\"persisted\":"
                + "[{\"file\":\"/etc/sysctl.d/90-gantry.conf\",\"line\":2,\"value\":\"1\"}]}");
        assertThat(call("GET", "/api/v1/sysctl/net.ipv4.ip_forward", null).json()).isEqualTo(set.json());
    }

    @Test
    void settingWithoutPersistTouchesNoFileAndAFileNeedsPersist() throws Exception {
        assertThat(call("PUT", "/api/v1/sysctl/net.core.somaxconn", "{\"value\":\"512\"}").status()).isEqualTo(200);
        assertThat(Files.readString(proc.resolve("net/core/somaxconn"))).isEqualTo("512\n");
        assertThat(dir.resolve("etc/sysctl.d")).isEmptyDirectory();

        Answer bad = call("PUT", "/api/v1/sysctl/net.core.somaxconn", "{\"value\":\"7\",\"file\":\"60-x.conf\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("file");
        assertThat(Files.readString(proc.resolve("net/core/somaxconn"))).isEqualTo("512\n");
    }

    @Test
    void aBadFileNameIsRefusedBeforeAnythingIsWritten() throws Exception {
        Answer bad = call("PUT", "/api/v1/sysctl/net.core.somaxconn",
                "{\"value\":\"7\",\"persist\":true,\"file\":\"../../passwd\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Files.readString(proc.resolve("net/core/somaxconn"))).isEqualTo("4096\n");
        assertThat(dir.resolve("etc/sysctl.d")).isEmptyDirectory();
    }

    @Test
    void deletingRemovesThePersistedSettingAndThenIs404() throws Exception {
        call("PUT", "/api/v1/sysctl/net.ipv4.ip_forward", "{\"value\":\"1\",\"persist\":true,\"file\":\"60-fw.conf\"}");

        assertThat(call("DELETE", "/api/v1/sysctl/net.ipv4.ip_forward", null).status()).isEqualTo(204);
        assertThat(Files.readString(dir.resolve("etc/sysctl.d/60-fw.conf"))).doesNotContain("ip_forward");
        Answer again = call("DELETE", "/api/v1/sysctl/net.ipv4.ip_forward", null);
        assertThat(again.status()).isEqualTo(404);
    }

    @Test
    void loadingAppliesEveryLineAndExpandsGlobs() throws Exception {
        Files.writeString(dir.resolve("etc/sysctl.d/70-load.conf"),
                "# test\nnet.core.somaxconn = 256\nnet/ipv4/conf/*/forwarding = 1\n-net.ipv4.missing = 3\n");

        Answer loaded = call("POST", "/api/v1/sysctl/load", "{\"files\":[\"70-load.conf\"]}");

        assertThat(loaded.status()).isEqualTo(200);
        assertThat(Files.readString(proc.resolve("net/core/somaxconn"))).isEqualTo("256\n");
        assertThat(Files.readString(proc.resolve("net/ipv4/conf/eth0.100/forwarding"))).isEqualTo("1\n");
        assertThat(loaded.json().get("applied").findValuesAsText("key"))
                .containsExactly("net.core.somaxconn", "net.ipv4.conf.eth0/100.forwarding");
        assertThat(loaded.json().get("ignored").get(0).get("key").asText()).isEqualTo("net.ipv4.missing");
    }

    @Test
    void aLoadWithAFailingLineIsA422NamingItAndStillAppliesTheRest() throws Exception {
        Files.writeString(dir.resolve("etc/sysctl.d/70-bad.conf"), "net.ipv4.missing = 3\nnet.core.somaxconn = 128\n");

        Answer failed = call("POST", "/api/v1/sysctl/load", "{\"files\":[\"/etc/sysctl.d/70-bad.conf\"]}");

        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.json().get("errors").get(0).get("field").asText()).isEqualTo("files[0]");
        assertThat(failed.json().get("errors").get(0).get("rejected").asText()).isEqualTo("net.ipv4.missing = 3");
        assertThat(Files.readString(proc.resolve("net/core/somaxconn"))).isEqualTo("128\n");
    }

    @Test
    void loadRefusesPathsOutsideTheSysctlDirectories() throws Exception {
        for (String file : new String[] {"/etc/passwd", "/etc/sysctl.d/../shadow.conf", "", "nothing.conf"}) {
            Answer bad = call("POST", "/api/v1/sysctl/load", "{\"files\":[\"" + file + "\"]}");
            assertThat(bad.status()).as(file).isEqualTo(400);
            assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("files[0]");
        }
        assertThat(call("POST", "/api/v1/sysctl/load", "{\"files\":[]}").status()).isEqualTo(400);
    }
}
