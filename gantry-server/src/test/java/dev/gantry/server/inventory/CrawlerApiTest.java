package dev.gantry.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The crawler's routes on a whole server, with clusters registered through /api/v1/clusters. */
class CrawlerApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @TempDir
    Path dir;
    TestServer server;
    ProxmoxSim sim;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().taskDuration(Duration.ZERO)
                .cluster(new ClusterSpec("east", 2, 3, 1)).cluster(new ClusterSpec("west", 3, 2, 2)).start();
        server = TestServer.start(pg, dir);
        SimCluster east = sim.cluster("east");
        SimCluster west = sim.cluster("west");
        assertThat(server.admin("POST", "/api/v1/clusters", """
                {"name":"east","kind":"proxmox","url":"https://127.0.0.1:%d","fingerprint":"%s",
                 "credentials":{"user":"%s","password":"%s"}}""".formatted(east.port(), sim.fingerprint(),
                east.credentials().user(), east.credentials().password())).status()).isEqualTo(201);
        assertThat(server.admin("POST", "/api/v1/clusters", """
                {"name":"west","kind":"proxmox","url":"https://127.0.0.1:%d","insecure":true,
                 "credentials":{"tokenId":"%s","tokenSecret":"%s"}}""".formatted(west.port(),
                west.credentials().tokenId(), west.credentials().tokenSecret())).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        sim.close();
    }

    private JsonNode crawlToEnd() throws Exception {
        TestServer.Response started = server.admin("POST", "/api/v1/inventory/crawls", null);
        // the previous crawl shows its end a moment before it lets go of the lock
        for (int i = 0; i < 50 && started.status() == 409; i++) {
            Thread.sleep(20);
            started = server.admin("POST", "/api/v1/inventory/crawls", null);
        }
        assertThat(started.status()).isEqualTo(202);
        long id = started.json().path("id").asLong();
        assertThat(started.header("Location")).isEqualTo("/api/v1/inventory/crawls/" + id);
        for (int i = 0; i < 600; i++) {
            JsonNode crawl = server.admin("GET", "/api/v1/inventory/crawls/" + id, null).json();
            if (!crawl.path("status").asText().equals("running")) {
                return crawl;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("crawl " + id + " did not end within a minute");
    }

    @Test
    void aCrawlStartedThroughTheApiReadsTheRegisteredClusters() throws Exception {
        JsonNode crawl = crawlToEnd();

        assertThat(crawl.path("status").asText()).isEqualTo("ok");
        assertThat(crawl.path("trigger").asText()).isEqualTo("api");
        JsonNode east = crawl.path("clusters").get(0);
        assertThat(east.path("cluster").asText()).isEqualTo("east");
        assertThat(east.path("nodes").asInt()).isEqualTo(2);
        assertThat(east.path("instances").asInt()).isEqualTo(6);
        assertThat(east.path("version").asText()).isEqualTo("8.3.0");
        assertThat(crawl.path("clusters").get(1).path("instances").asInt()).isEqualTo(6);
        assertThat(count("select count(*) from inventory_instances where valid_to is null")).isEqualTo(12);
        assertThat(sim.cluster("west").calls()).doesNotContainKey("POST /access/ticket");
    }

    @Test
    void aSecondCrawlWhileOneRunsIsAConflict() throws Exception {
        try (CrawlLock held = CrawlLock.tryAcquire(pg.jdbi()).orElseThrow()) {
            TestServer.Response r = server.admin("POST", "/api/v1/inventory/crawls", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(count("select count(*) from inventory_snapshots")).isZero();
    }

    @Test
    void badInputIsA4xxProblemAndChangesNothing() throws Exception {
        crawlToEnd();

        TestServer.Response badId = server.admin("GET", "/api/v1/inventory/crawls/abc", null);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.header("Content-Type")).startsWith("application/problem+json");
        assertThat(badId.body()).contains("\"id\"");
        assertThat(server.admin("GET", "/api/v1/inventory/crawls/99999", null).status()).isEqualTo(404);

        TestServer.Response missing = server.admin("POST", "/api/v1/inventory/purge", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("\"before\"").contains("required");
        TestServer.Response garbage = server.admin("POST", "/api/v1/inventory/purge", "{\"before\":\"yesterday\"}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("yesterday");
        assertThat(server.admin("POST", "/api/v1/inventory/purge", "{\"before\":\"2026-01-01T00:00:00Z\",\"all\":true}")
                .status()).isEqualTo(400);
        TestServer.Response future = server.admin("POST", "/api/v1/inventory/purge",
                "{\"before\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.header("Content-Type")).startsWith("application/problem+json");
        assertThat(server.call("POST", "/api/v1/inventory/crawls", null, (String) null).status()).isEqualTo(401);

        assertThat(count("select count(*) from inventory_snapshots")).isEqualTo(1);
    }

    @Test
    void purgeThroughTheApiDropsTheOlderSnapshots() throws Exception {
        crawlToEnd();
        Instant between = Instant.now();
        Thread.sleep(5);
        JsonNode last = crawlToEnd();

        TestServer.Response r = server.admin("POST", "/api/v1/inventory/purge", "{\"before\":\"" + between + "\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("snapshots").asInt()).isEqualTo(1);
        assertThat(r.json().path("keptFrom").asLong()).isEqualTo(last.path("id").asLong());
        assertThat(count("select count(*) from inventory_snapshots")).isEqualTo(1);
        assertThat(count("select min(valid_from) from inventory_instances")).isEqualTo(last.path("id").asLong());
    }

    private long count(String sql) {
        return pg.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
