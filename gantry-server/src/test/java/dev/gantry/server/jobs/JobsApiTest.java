package dev.gantry.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.Caller;
import dev.gantry.common.json.Json;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JobsApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static final ServerIdentity IDENTITY = token -> switch (token) {
        case "acme" -> Optional.of(new Caller("alice", Caller.Kind.TOKEN, Set.of("jobs:read"), Optional.of("acme")));
        case "beta" -> Optional.of(new Caller("bob", Caller.Kind.TOKEN, Set.of("jobs:read"), Optional.of("beta")));
        case "acme-no-jobs" -> Optional.of(new Caller("carol", Caller.Kind.TOKEN, Set.of("instances:read"), Optional.of("acme")));
        default -> Optional.empty();
    };

    @TempDir
    Path dir;
    TestServer server;
    JobQueue queue;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(pg, dir, IDENTITY, Clock.systemUTC());
        queue = new JobQueue(pg.jdbi(), TestServer.TEST_JOBS, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aTenantSeesItsOwnJobsOnlyAndAnAdminSeesAll() throws Exception {
        // A kind no worker of this server handles, so the job stays queued while the test looks at it.
        Job acmeJob = queue.submit(NewJob.of("test.parked", "acme", Map.of("n", 1)).withDescription("park it"));
        Job newer = queue.submit(NewJob.of("test.parked", "acme", Map.of()));
        Job betaJob = queue.submit(NewJob.of("test.parked", "beta", Map.of()));

        TestServer.Response own = server.call("GET", "/api/v1/jobs/" + acmeJob.id(), null, "acme");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("state").asText()).isEqualTo("queued");
        assertThat(own.json().path("tenant").asText()).isEqualTo("acme");
        assertThat(own.json().path("description").asText()).isEqualTo("park it");

        TestServer.Response other = server.call("GET", "/api/v1/jobs/" + betaJob.id(), null, "acme");
        assertThat(other.status()).isEqualTo(404);
        assertThat(server.call("GET", "/api/v1/tenants/beta/jobs", null, "acme").status()).isEqualTo(404);

        TestServer.Response list = server.call("GET", "/api/v1/tenants/acme/jobs", null, "acme");
        assertThat(list.json()).extracting(j -> j.path("id").asText())
                .containsExactly(newer.id().toString(), acmeJob.id().toString());
        TestServer.Response page = server.call("GET", "/api/v1/tenants/acme/jobs?before=" + newer.id(), null, "acme");
        assertThat(page.json()).extracting(j -> j.path("id").asText()).containsExactly(acmeJob.id().toString());

        assertThat(server.admin("GET", "/api/v1/jobs/" + betaJob.id(), null).status()).isEqualTo(200);
        assertThat(server.admin("GET", "/api/v1/tenants/beta/jobs", null).json()).hasSize(1);
    }

    @Test
    void jobsNeedTheJobsReadScope() throws Exception {
        Job job = queue.submit(NewJob.of("test.parked", "acme", Map.of()));
        assertThat(server.call("GET", "/api/v1/jobs/" + job.id(), null, (String) null).status()).isEqualTo(401);
        assertThat(server.call("GET", "/api/v1/jobs/" + job.id(), null, "acme-no-jobs").status()).isEqualTo(403);
    }

    @Test
    void aMalformedIdIsNotFoundAndABadCursorIsABadRequest() throws Exception {
        assertThat(server.admin("GET", "/api/v1/jobs/not-a-uuid", null).status()).isEqualTo(404);
        TestServer.Response bad = server.admin("GET", "/api/v1/tenants/acme/jobs?before=xyz", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("before");
    }

    @Test
    void aWatchOfTheTenantsJobsStreamsEveryStateChangeInOrderAndNotOtherTenants() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/tenants/acme/jobs?watch=true"))
                .header("Authorization", "Bearer acme").build();
        HttpClient client = HttpClient.newHttpClient();
        try {
            HttpResponse<Stream<String>> watch = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(watch.statusCode()).isEqualTo(200);
            assertThat(watch.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> watch.body().forEach(lines::add));
            assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(": watching jobs");

            // Kinds no worker of the server handles: the test moves them through their states itself.
            Job done = queue.submit(NewJob.of("test.parked", "acme", Map.of()));
            queue.submit(NewJob.of("test.parked", "beta", Map.of()));
            JobQueue.Claim first = queue.claim("tester", List.of("test.parked")).orElseThrow();
            assertThat(first.job().id()).isEqualTo(done.id());
            assertThat(queue.succeed(first, List.of(), Map.of("ok", true))).isTrue();
            Job failed = queue.submit(NewJob.of("test.parked", "acme", Map.of()));
            JobQueue.Claim beta = queue.claim("tester", List.of("test.parked")).orElseThrow();
            assertThat(beta.job().tenant()).isEqualTo("beta");
            JobQueue.Claim second = queue.claim("tester", List.of("test.parked")).orElseThrow();
            assertThat(queue.fail(second, List.of(), "it broke")).isTrue();

            List<String> events = new ArrayList<>();
            int data = 0;
            while (data < 6) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("after " + events).isNotNull();
                if (line.startsWith("event: ")) {
                    events.add(line.substring(7));
                } else if (line.startsWith("data: ")) {
                    JsonNode job = Json.mapper().readTree(line.substring(6));
                    data++;
                    assertThat(job.path("tenant").asText()).isEqualTo("acme");
                    events.set(events.size() - 1, events.getLast() + " " + (job.path("id").asText().equals(done.id()
                            .toString()) ? "done" : "failed") + " " + job.path("state").asText());
                }
            }
            assertThat(events).containsExactly("created done queued", "updated done running",
                    "updated done succeeded", "created failed queued", "updated failed running",
                    "updated failed failed");
            assertThat(failed.id()).isEqualTo(second.job().id());
        } finally {
            client.shutdownNow(); // the stream does not end by itself: close() would wait for it
        }
        // The feed is a table, so every replica's watchers see the same: one row per change, beta's included.
        long rows = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM resource_changes WHERE type = 'jobs'")
                .mapTo(Long.class).one());
        assertThat(rows).isEqualTo(8);
    }
}
