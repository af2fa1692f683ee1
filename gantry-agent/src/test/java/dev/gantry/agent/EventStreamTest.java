package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.io.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/events} over the real socket: job events in order, and an open stream ends with a
 * {@code shutdown} event when the agent stops (the stop does not wait on it).
 */
class EventStreamTest {
    @TempDir
    Path dir;

    @Test
    void aJobsEventsArriveInOrderAndTheStreamEndsCleanlyWhenTheAgentStops() throws Exception {
        TestAgent agent = new TestAgent(dir);
        HttpClient client = new HttpClient();
        client.start();
        try {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            client.newRequest("http://localhost/api/v1/events?type=job")
                    .transport(new Transport.TCPUnix(dir.resolve("run/gantryd.sock")))
                    .idleTimeout(30, TimeUnit.SECONDS).send(listener);
            Response response = listener.get(10, TimeUnit.SECONDS);
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaders().get("Content-Type")).startsWith("text/event-stream");
            BufferedReader reader = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).startsWith(": gantry events");
            String location = agent.unix("POST", "/api/v1/jobs/noop", "{\"seconds\":0,\"steps\":2}").header("Location");
            agent.unix("GET", location + "?wait=30", null);

            List<String> states = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            String line;
            while (states.size() < 5 && (line = reader.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                } else if (line.startsWith("data: ")) {
                    states.add(line.replaceAll(".*\"state\":\"([a-z]+)\".*", "$1"));
                }
            }
            assertThat(states).containsExactly("queued", "running", "running", "running", "succeeded");
            assertThat(ids).isSorted().doesNotHaveDuplicates();

            agent.close();
            List<String> rest = new ArrayList<>();
            while ((line = reader.readLine()) != null) {
                rest.add(line);
            }
            assertThat(rest).contains("event: shutdown");
        } finally {
            client.stop();
        }
    }
}
