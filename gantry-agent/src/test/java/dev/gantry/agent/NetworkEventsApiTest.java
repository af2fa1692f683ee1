package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's routes over the real socket (the scripts and events themselves: NetworkEventBrokerTest, EventBrokerIT). */
class NetworkEventsApiTest {
    @TempDir
    Path dir;
    TestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent(dir);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void theHistoryIsAJsonListAndTheScriptDirectoriesExistUnderTheTestAgentsState() throws Exception {
        TestAgent.Response r = agent.unix("GET", "/api/v1/network/events?kind=script,lease&limit=5", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        assertThat(Files.isDirectory(dir.resolve("state/events/routable.d"))).isTrue();
    }

    @Test
    void anUnknownKindOrABadLimitIsA400NamingItAndNoStreamOpens() throws Exception {
        TestAgent.Response kind = agent.unix("GET", "/api/v1/network/events?kind=link-state,carrier", null);
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.header("Content-Type")).startsWith("application/problem+json");
        assertThat(kind.body()).contains("\"carrier\"").contains("kind");
        assertThat(agent.unix("GET", "/api/v1/network/events?limit=0", null).status()).isEqualTo(400);
        assertThat(agent.unix("GET", "/api/v1/network/events?limit=4097", null).status()).isEqualTo(400);
        TestAgent.Response stream = agent.unix("GET", "/api/v1/events?kind=nonsense", null);
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.body()).contains("nonsense");
    }
}
