package dev.gantry.it.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/system} and {@code /api/v1/system/hostname} against the installed agent and hostnamed. */
@WithAgentBox
class HostnameIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** A property as hostnamed reports it to busctl (this hostnamectl has no "show" verb). */
    static String property(AgentBox agent, String name) {
        String out = agent.box().exec("busctl", "get-property", "org.freedesktop.hostname1",
                "/org/freedesktop/hostname1", "org.freedesktop.hostname1", name).orThrow().out();
        // s "value"
        return out.substring(out.indexOf('"') + 1, out.lastIndexOf('"'));
    }

    static AgentHttp.Response put(AgentBox agent, String path, String body) {
        return agent.http().send("PUT", path, Map.of("Content-Type", "application/json"), body);
    }

    @Test
    void theAggregateDescribesTheBoxAsItsOwnToolsDo(AgentBox agent) throws Exception {
        AgentHttp.Response r = agent.http().get("/api/v1/system");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode info = json(r);
        assertThat(info.get("hostname").asText()).isEqualTo(agent.box().exec("cat", "/proc/sys/kernel/hostname").out());
        assertThat(info.get("machineId").asText()).isEqualTo(agent.box().exec("cat", "/etc/machine-id").out());
        assertThat(info.get("bootId").asText()).isEqualTo(agent.box().exec("cat", "/proc/sys/kernel/random/boot_id").out());
        assertThat(info.get("kernel").get("release").asText()).isEqualTo(agent.box().exec("uname", "-r").out());
        assertThat(info.get("kernel").get("machine").asText()).isEqualTo(agent.box().exec("uname", "-m").out());
        assertThat(info.get("os").get("id").asText()).isEqualTo(
                agent.box().exec("sh", "-c", ". /etc/os-release && echo $ID").out());
        assertThat(info.get("virtualization").asText()).isEqualTo(agent.box().exec("systemd-detect-virt").out());
        assertThat(info.get("systemd").get("state").asText()).isEqualTo(
                agent.box().exec("systemctl", "is-system-running").out());
        assertThat(info.get("systemd").get("version").asText()).startsWith(
                agent.box().exec("sh", "-c", "systemctl --version | head -1 | cut -d' ' -f2").out());
        assertThat(info.get("time").get("timezone").asText()).isEqualTo(
                agent.box().exec("timedatectl", "show", "-p", "Timezone", "--value").out());
    }

    @Test
    void hostnameShowsWhatHostnamectlShows(AgentBox agent) throws Exception {
        AgentHttp.Response r = agent.http().get("/api/v1/system/hostname");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode names = json(r);
        assertThat(names.get("transient").asText()).isEqualTo(
                agent.box().exec("hostnamectl", "--transient").out());
        assertThat(names.path("static").asText()).isEqualTo(agent.box().exec("hostnamectl", "--static").out());
        assertThat(names.path("chassis").asText()).isEqualTo(property(agent, "Chassis"));
        assertThat(names.path("pretty").asText()).isEqualTo(agent.box().exec("hostnamectl", "--pretty").out());
    }

    @Test
    void settingStaticAndPrettyHostnamesChangesThemForHostnamectl(AgentBox agent) throws Exception {
        AgentHttp.Response before = agent.http().get("/api/v1/system/hostname"); // fills the cache
        assertThat(before.status()).isEqualTo(200);

        AgentHttp.Response r = put(agent, "/api/v1/system/hostname",
                "{\"static\":\"gantry-static-1\",\"pretty\":\"Gantry's box\",\"location\":\"rack 4\","
                        + "\"chassis\":\"server\",\"deployment\":\"test\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(agent.box().exec("hostnamectl", "--static").out()).isEqualTo("gantry-static-1");
        assertThat(agent.box().exec("hostnamectl", "--pretty").out()).isEqualTo("Gantry's box");
        assertThat(property(agent, "Location")).isEqualTo("rack 4");
        assertThat(property(agent, "Chassis")).isEqualTo("server");
        assertThat(property(agent, "Deployment")).isEqualTo("test");
        assertThat(agent.box().readFile("/etc/machine-info")).contains("LOCATION=\"rack 4\"", "CHASSIS=server",
                "DEPLOYMENT=test");
        assertThat(agent.box().readFile("/etc/hostname").strip()).isEqualTo("gantry-static-1");
        JsonNode answer = json(r);
        assertThat(answer.get("static").asText()).isEqualTo("gantry-static-1");
        assertThat(answer.get("pretty").asText()).isEqualTo("Gantry's box");
        assertThat(answer.get("location").asText()).isEqualTo("rack 4");
        assertThat(json(agent.http().get("/api/v1/system/hostname")).get("static").asText()).isEqualTo("gantry-static-1");
    }

    @Test
    void settingTheTransientHostnameWithTheStaticOneUnsetChangesTheKernelsHostname(AgentBox agent) throws Exception {
        AgentHttp.Response r = put(agent, "/api/v1/system/hostname",
                "{\"static\":\"\",\"transient\":\"gantry-transient-2\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(agent.box().exec("cat", "/proc/sys/kernel/hostname").out()).isEqualTo("gantry-transient-2");
        assertThat(agent.box().exec("hostnamectl", "--transient").out()).isEqualTo("gantry-transient-2");
        assertThat(agent.box().exec("hostnamectl", "--static").out()).isEmpty();
        assertThat(json(r).get("transient").asText()).isEqualTo("gantry-transient-2");
        assertThat(json(r).has("static")).isFalse();
    }

    @Test
    void aTransientHostnameWhileAStaticOneIsSetIs409AndChangesNothing(AgentBox agent) throws Exception {
        agent.box().exec("hostnamectl", "set-hostname", "--static", "static-stays").orThrow();
        String kernelBefore = agent.box().exec("cat", "/proc/sys/kernel/hostname").out();

        AgentHttp.Response r = put(agent, "/api/v1/system/hostname", "{\"transient\":\"ignored-name\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(json(r).get("detail").asText()).contains("static-stays");
        assertThat(agent.box().exec("cat", "/proc/sys/kernel/hostname").out()).isEqualTo(kernelBefore);
        assertThat(agent.box().exec("hostnamectl", "--static").out()).isEqualTo("static-stays");
    }

    @Test
    void theTransientHostnameSetWithoutHostnamedIsSeenAtOnce(AgentBox agent) throws Exception {
        agent.http().get("/api/v1/system/hostname");
        agent.box().exec("hostname", "set-by-sethostname").orThrow();

        assertThat(json(agent.http().get("/api/v1/system/hostname")).get("transient").asText())
                .isEqualTo("set-by-sethostname");
    }

    @Test
    void aChangeMadeWithHostnamectlIsSeenAtOnceThoughTheAgentCaches(AgentBox agent) throws Exception {
        agent.http().get("/api/v1/system/hostname");
        agent.box().exec("hostnamectl", "set-hostname", "--pretty", "Set behind the agent's back").orThrow();

        JsonNode names = json(agent.http().get("/api/v1/system/hostname"));

        assertThat(names.get("pretty").asText()).isEqualTo("Set behind the agent's back");
    }

    @Test
    void anEditOfEtcHostnameBypassingHostnamedIsSeenToo(AgentBox agent) throws Exception {
        agent.http().get("/api/v1/system/hostname");
        agent.box().writeFile("/etc/hostname", "edited-by-hand\n");

        JsonNode names = json(agent.http().get("/api/v1/system/hostname"));

        assertThat(names.get("static").asText()).isEqualTo("edited-by-hand");
    }

    @Test
    void anInvalidHostnameIs400NamingTheFieldAndChangesNothing(AgentBox agent) throws Exception {
        String staticBefore = agent.box().exec("hostnamectl", "--static").out();
        String prettyBefore = agent.box().exec("hostnamectl", "--pretty").out();

        AgentHttp.Response r = put(agent, "/api/v1/system/hostname",
                "{\"static\":\"-bad_name-\",\"pretty\":\"would change\",\"chassis\":\"spaceship\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = json(r);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("static", "chassis");
        assertThat(agent.box().exec("hostnamectl", "--static").out()).isEqualTo(staticBefore);
        assertThat(agent.box().exec("hostnamectl", "--pretty").out()).isEqualTo(prettyBefore);
    }
}
