package dev.gantry.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.WithAgentBox;
import org.junit.jupiter.api.Test;

/** Jobs across restarts of the installed agent: a clean restart, and a kill -9 that systemd recovers from. */
@WithAgentBox
class AgentRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(AgentHttp.Response r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aFinishedJobIsStillReadableAfterARestart(AgentBox agent) throws Exception {
        AgentHttp.Response started = agent.http().post("/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":1}");
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location").orElseThrow();
        assertThat(json(agent.http().get(location + "?wait=30")).get("state").asText()).isEqualTo("succeeded");

        agent.restartAgent();

        JsonNode job = json(agent.http().get(location));
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("result").get("steps").asInt()).isEqualTo(1);
        assertThat(agent.box().exec("test", "-f", "/var/lib/gantry/jobs/" + job.get("id").asText() + ".json")
                .exitCode()).isZero();
    }

    @Test
    void aJobRunningWhenTheAgentIsKilledComesBackFailedWithTheReason(AgentBox agent) throws Exception {
        String location = agent.http().post("/api/v1/jobs/noop", "{\"seconds\":600,\"steps\":600}")
                .header("Location").orElseThrow();
        assertThat(json(agent.http().get(location)).get("state").asText()).isIn("queued", "running");

        agent.box().exec("systemctl", "kill", "--signal=KILL", "gantryd.service").orThrow();
        agent.restartAgent();

        JsonNode job = json(agent.http().get(location));
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("problem").get("detail").asText()).isEqualTo("the agent stopped while this job was running");
    }
}
