package dev.gantry.it.system;

import static dev.gantry.it.system.HostnameIT.json;
import static dev.gantry.it.system.HostnameIT.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The system module across restarts of what it depends on: hostnamed and logind restarted, and the
 * system bus itself stopped and started. Its own box, since stopping the bus disturbs everything.
 */
@WithAgentBox
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemBusRestartIT {
    /** The cached hostname first: no other call may have found the bus gone before it. */
    private static final List<String> READS = List.of("/api/v1/system/hostname", "/api/v1/system/time",
            "/api/v1/system/login/users", "/api/v1/system");

    @Test
    @Order(1)
    void callsSucceedRightAfterHostnamedAndLogindRestart(AgentBox agent) throws Exception {
        assertThat(agent.http().get("/api/v1/system/hostname").status()).isEqualTo(200);
        assertThat(agent.http().get("/api/v1/system/login/sessions").status()).isEqualTo(200);

        agent.box().exec("systemctl", "restart", "systemd-hostnamed.service", "systemd-logind.service").orThrow();

        AgentHttp.Response names = agent.http().get("/api/v1/system/hostname");
        assertThat(names.status()).as(names.body()).isEqualTo(200);
        AgentHttp.Response sessions = agent.http().get("/api/v1/system/login/sessions");
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
        AgentHttp.Response set = put(agent, "/api/v1/system/hostname", "{\"pretty\":\"after restart\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(agent.box().exec("hostnamectl", "--pretty").out()).isEqualTo("after restart");
    }

    @Test
    @Order(2)
    void withTheBusStoppedCallsAre503WithRetryAfterAndWorkAgainOnceItIsBack(AgentBox agent) throws Exception {
        assertThat(agent.http().get("/api/v1/system/hostname").status()).isEqualTo(200); // cached now

        agent.box().exec("systemctl", "stop", "dbus.socket", "dbus.service").orThrow();
        try {
            for (String path : READS) {
                AgentHttp.Response r = agent.http().get(path);
                assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.header("Retry-After")).as(path).isPresent();
                assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
                assertThat(json(r).get("type").asText()).endsWith("backend-unavailable");
            }
            AgentHttp.Response write = put(agent, "/api/v1/system/hostname", "{\"pretty\":\"no bus\"}");
            assertThat(write.status()).isEqualTo(503);
        } finally {
            agent.box().exec("systemctl", "start", "dbus.socket", "dbus.service").orThrow();
        }

        for (String path : READS) {
            AgentHttp.Response r = agent.http().get(path);
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        }
        AgentHttp.Response set = put(agent, "/api/v1/system/hostname", "{\"pretty\":\"bus is back\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(agent.box().exec("hostnamectl", "--pretty").out()).isEqualTo("bus is back");
        assertThat(json(agent.http().get("/api/v1/system/hostname")).get("pretty").asText()).isEqualTo("bus is back");
    }
}
