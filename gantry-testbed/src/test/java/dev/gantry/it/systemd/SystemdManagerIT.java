package dev.gantry.it.systemd;

import static dev.gantry.it.systemd.SystemdBoxUnits.API;
import static dev.gantry.it.systemd.SystemdBoxUnits.json;
import static dev.gantry.it.systemd.SystemdBoxUnits.patch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import org.junit.jupiter.api.Test;

/** /api/v1/systemd/manager against the packaged agent in a booted box. */
@WithAgentBox
class SystemdManagerIT {
    private static final String CONF = "/etc/systemd/system.conf";

    @Test
    void managerDescribesSystemdAsSystemctlDoes(AgentBox agent) {
        JsonNode manager = json(agent.http().get(API + "/manager"));

        String version = agent.box().exec("systemctl", "--version").out().lines().findFirst().orElseThrow();
        assertThat(version).startsWith("systemd " + manager.get("version").asText().split("[ .]")[0]);
        assertThat(manager.get("state").asText()).isEqualTo(agent.box().exec("systemctl", "is-system-running").out());
        assertThat(manager.get("virtualization").asText()).isEqualTo("systemd-nspawn");
        assertThat(manager.get("failedUnits").asLong())
                .isEqualTo(agent.box().exec("systemctl", "list-units", "--failed", "--no-legend").out().lines()
                        .filter(l -> !l.isBlank()).count());
        assertThat(manager.get("features").asText()).contains("+");
    }

    @Test
    void configChangesTheManagerSectionKeepingTheRestAndReexecAppliesIt(AgentBox agent) {
        String original = agent.box().readFile(CONF);

        AgentHttp.Response response = patch(agent, API + "/manager/config?reexec=true",
                "{\"settings\":{\"DefaultTimeoutStopSec\":\"42s\",\"DefaultTasksAccounting\":\"yes\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("reexecuted").asBoolean()).isTrue();
        String written = agent.box().readFile(CONF);
        assertThat(written).contains("\nDefaultTimeoutStopSec=42s\n", "\nDefaultTasksAccounting=yes\n");
        // Everything else of the file is still there, comments included.
        assertThat(written.lines().filter(l -> !l.startsWith("DefaultTimeoutStopSec=")
                && !l.startsWith("DefaultTasksAccounting=")).toList()).isEqualTo(original.lines().toList());
        assertThat(agent.box().exec("stat", "-c", "%U:%G %a", CONF).out()).isEqualTo("root:root 644");
        assertThat(agent.box().exec("systemctl", "show", "-p", "DefaultTimeoutStopUSec", "--value").out())
                .isEqualTo("42s");
        assertThat(json(agent.http().get(API + "/manager/config")).get("settings").get("DefaultTimeoutStopSec")
                .asText()).isEqualTo("42s");
        // The agent still works with the re-executed systemd (its subscription and cache start afresh).
        assertThat(agent.http().get(API + "/units/gantryd").status()).isEqualTo(200);

        AgentHttp.Response removed = patch(agent, API + "/manager/config",
                "{\"settings\":{\"DefaultTimeoutStopSec\":null,\"DefaultTasksAccounting\":null}}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(agent.box().readFile(CONF)).isEqualTo(original);
    }

    @Test
    void anUnknownKeyIsA400AndTheFileIsUntouched(AgentBox agent) {
        String original = agent.box().readFile(CONF);

        AgentHttp.Response response = patch(agent, API + "/manager/config",
                "{\"settings\":{\"LogLevel\":\"debug\",\"JoinControllers\":\"cpu,cpuacct\"}}");
        AgentHttp.Response newline = patch(agent, API + "/manager/config",
                "{\"settings\":{\"LogLevel\":\"debug\\n[Evil]\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("field").asText()).isEqualTo("settings.JoinControllers");
        assertThat(newline.status()).isEqualTo(400);
        assertThat(agent.box().readFile(CONF)).isEqualTo(original);
    }
}
