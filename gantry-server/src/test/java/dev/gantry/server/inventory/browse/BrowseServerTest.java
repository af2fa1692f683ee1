package dev.gantry.server.inventory.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.common.http.Caller;
import dev.gantry.server.ServerIdentity;
import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The browse module as the server wires it: its routes, its scope, and its place in the OpenAPI document. */
class BrowseServerTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static final ServerIdentity IDENTITY = token -> switch (token) {
        case "operator" -> Optional.of(new Caller("olga", Caller.Kind.TOKEN, Set.of("inventory:read")));
        case "writer" -> Optional.of(new Caller("wes", Caller.Kind.TOKEN, Set.of("instances:write")));
        case "tenant" -> Optional.of(new Caller("tom", Caller.Kind.TOKEN, Set.of("inventory:read"), Optional.of("a")));
        default -> Optional.empty();
    };

    @TempDir
    Path dir;

    @Test
    void theServerServesTheInventoryToInventoryReadersOnly() throws Exception {
        InventoryRowsFixture db = new InventoryRowsFixture(pg.jdbi());
        long s = db.snapshot("ok", Instant.parse("2026-12-01T10:00:00Z"));
        db.crawl(s, "pve-a", null);
        UUID id = UUID.randomUUID();
        db.instance(id, "pve-a", "n1", 100, "web", "running", 1L << 30, null, s, null);

        try (TestServer server = TestServer.start(pg, dir, IDENTITY, Clock.systemUTC())) {
            TestServer.Response ok = server.call("GET", "/api/v1/inventory/instances", null, "operator");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().path("items").get(0).path("gantryId").asText()).isEqualTo(id.toString());
            assertThat(server.admin("GET", "/api/v1/inventory/instances/" + id, null).json().path("current")
                    .path("name").asText()).isEqualTo("web");

            TestServer.Response writer = server.call("GET", "/api/v1/inventory/instances", null, "writer");
            assertThat(writer.status()).isEqualTo(403);
            assertThat(writer.header("WWW-Authenticate")).contains("scope=\"inventory:read\"");
            assertThat(server.call("GET", "/api/v1/inventory/dates", null, "tenant").status()).isEqualTo(403);
            assertThat(server.call("GET", "/api/v1/static/dates/all", null, (String) null).status()).isEqualTo(401);
        }
    }

    @Test
    void theGroupFilterReadsTheGroupsOfTheRegisteredClusters() throws Exception {
        InventoryRowsFixture db = new InventoryRowsFixture(pg.jdbi());
        long s = db.snapshot("ok", Instant.parse("2026-12-01T10:00:00Z"));
        db.crawl(s, "pve-a", null);
        db.crawl(s, "pve-b", null);
        db.instance(UUID.randomUUID(), "pve-a", "n1", 100, "in-east", "running", 1L << 30, null, s, null);
        db.instance(UUID.randomUUID(), "pve-b", "n1", 100, "elsewhere", "running", 1L << 30, null, s, null);

        try (TestServer server = TestServer.start(pg, dir, IDENTITY, Clock.systemUTC())) {
            TestServer.Response registered = server.admin("POST", "/api/v1/clusters", "{\"name\":\"pve-a\",\"kind\":\"proxmox\","
                    + "\"url\":\"pve-a.example\",\"credentials\":{\"user\":\"root@pam\",\"password\":\"pw\"},\"groups\":[\"east\"]}");
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);

            TestServer.Response east = server.call("GET", "/api/v1/inventory/instances?group=east", null, "operator");
            assertThat(east.json().path("items")).extracting(i -> i.path("name").asText()).containsExactly("in-east");
            TestServer.Response clusters = server.call("GET", "/api/v1/inventory/clusters", null, "operator");
            assertThat(clusters.json().path("items")).extracting(c -> c.path("cluster").asText() + ":" + c.path("groups"))
                    .containsExactly("pve-a:[\"east\"]", "pve-b:[]");
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryBrowseRouteAndItsShapes() throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(
                    server.call("GET", "/api/v1/openapi.json", null, (String) null).body(), null, null);

            assertThat(parsed.getMessages()).isEmpty();
            assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/inventory/clusters", "/api/v1/inventory/nodes",
                    "/api/v1/inventory/instances", "/api/v1/inventory/storages", "/api/v1/inventory/disks",
                    "/api/v1/inventory/dates", "/api/v1/inventory/diff", "/api/v1/inventory/instances/{gantryId}",
                    "/api/v1/static/instances/{date}/{cluster}/{node}/{vmid}", "/api/v1/static/nodes/{date}/{cluster}/{node}",
                    "/api/v1/static/clusters/{date}/{cluster}", "/api/v1/static/dates/{which}");
            assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("InventoryInstance",
                    "InventoryPageOfInventoryInstance", "InventoryDiff", "InstanceHistory", "InventorySnapshot");
            assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/inventory/instances").getGet().getParameters())
                    .extracting(p -> p.getName()).containsExactly("at", "cluster", "node", "vmid", "group", "limit", "after");
        }
    }
}
