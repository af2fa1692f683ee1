package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What outlives an agent restart: finished jobs and tokens. (The crash case runs in the systemd box.) */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedJobAndATokenAreStillThereAfterARestart() throws Exception {
        String location;
        String token;
        try (TestAgent first = new TestAgent(dir)) {
            location = first.unix("POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":1}").header("Location");
            assertThat(first.unix("GET", location + "?wait=30", null).json().get("state").asText()).isEqualTo("succeeded");
            token = first.unix("POST", "/api/v1/tokens", "{\"name\":\"keep\",\"scopes\":[\"*\"]}").json().get("token").asText();
        }
        try (TestAgent second = new TestAgent(dir)) {
            JsonNode job = second.unix("GET", location, null).json();
            assertThat(job.get("state").asText()).isEqualTo("succeeded");
            assertThat(second.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(200);
        }
    }

    @Test
    void aJobRunningAtStopComesBackFailedWithTheReason() throws Exception {
        String location;
        try (TestAgent first = new TestAgent(dir)) {
            location = first.unix("POST", "/api/v1/jobs/noop", "{\"seconds\":600,\"steps\":600}").header("Location");
            assertThat(first.unix("GET", location, null).json().get("state").asText()).isIn("queued", "running");
        }
        try (TestAgent second = new TestAgent(dir)) {
            JsonNode job = second.unix("GET", location, null).json();
            assertThat(job.get("state").asText()).isEqualTo("failed");
            assertThat(job.get("problem").get("detail").asText()).isEqualTo("the agent stopped while this job was running");
        }
    }
}
