package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fixture itself: what it records and answers is what the module command tests rely on. */
class RecordingAgentTest {
    @Test
    void recordsTheRequestAndAnswersWhatItWasTold() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            agent.on("GET", "/api/v1/agent", 200, "{\"version\":\"9.9\",\"uptime\":1,\"modules\":[],\"listeners\":[]}");

            Cli.Run run = agent.gantry("agent", "info", "-o", "json");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("\"9.9\"");
            assertThat(agent.only()).isEqualTo(new RecordingAgent.Request("GET", "/api/v1/agent", ""));
        }
    }

    @Test
    void anUnknownRouteIsAProblemAndTheCliFails() throws Exception {
        try (RecordingAgent agent = RecordingAgent.start()) {
            Cli.Run run = agent.gantry("jobs", "list");

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.err()).contains("no stub for GET /api/v1/jobs");
        }
    }
}
