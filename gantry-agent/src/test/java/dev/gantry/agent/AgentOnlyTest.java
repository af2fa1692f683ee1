package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gantryd --only events}: the broker with the modules the API needs, and nothing else. */
class AgentOnlyTest {
    @TempDir
    Path dir;

    @Test
    void onlyEventsServesTheBrokerWithTheCoreModules() throws Exception {
        AgentConfig config = new AgentConfig("warning", true, Optional.empty(), true, dir.resolve("run/gantryd.sock"),
                Optional.empty(), Optional.empty(), Optional.empty());
        try (Agent agent = Agent.start(config, dir.resolve("state"), new MutableClock(), Set.of("events"),
                dir.resolve("events"))) {
            assertThat(agent.moduleNames()).containsExactly("agent", "tokens", "jobs", "events");
        }
        assertThat(dir.resolve("events/routable.d")).isDirectory();
    }
}
