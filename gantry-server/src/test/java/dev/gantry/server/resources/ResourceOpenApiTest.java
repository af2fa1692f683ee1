package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;
import dev.gantry.common.openapi.OpenApiWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every type's routes with that type's own schemas. */
class ResourceOpenApiTest {
    // Writing the document touches no database.
    private final Jdbi jdbi = Jdbi.create("jdbc:postgresql://127.0.0.1:1/none");
    private final ResourceService service = ResourceService.inline(jdbi, Clock.systemUTC(),
            new LocalNoopProvider(jdbi, Clock.systemUTC()), ResourceTypes.builtIn());
    private final List<ApiModule> modules = ResourceTypes.modules(service, new Metering(jdbi, Prices.FREE),
            new TenantGate(id -> true), Clock.systemUTC(), Duration.ofMillis(250));

    @Test
    void eachTypeHasItsRoutesAndItsOwnResourceSchema() {
        Routes routes = new Routes("/api/v1");
        modules.forEach(routes::add);
        JsonNode doc = OpenApiWriter.write("t", "0", "d", modules, routes.all());
        JsonNode paths = doc.get("paths");
        for (String type : List.of("networks", "instances", "disks", "snapshots")) {
            assertThat(paths.get("/api/v1/tenants/{tenant}/" + type).has("get")).isTrue();
            assertThat(paths.get("/api/v1/tenants/{tenant}/" + type).has("post")).isTrue();
            assertThat(paths.get("/api/v1/tenants/{tenant}/" + type + "/{key}").has("put")).isTrue();
            assertThat(paths.get("/api/v1/tenants/{tenant}/" + type + "/{key}").has("delete")).isTrue();
        }
        assertThat(paths.get("/api/v1/images").get("post").get("x-gantry-admin").asBoolean()).isTrue();
        assertThat(paths.get("/api/v1/tenants/{tenant}/usage").has("get")).isTrue();

        JsonNode network = paths.get("/api/v1/tenants/{tenant}/networks/{key}").get("get").get("responses").get("200")
                .get("content").get("application/json").get("schema").get("$ref");
        assertThat(network.asText()).isEqualTo("#/components/schemas/ResourceOfNetwork");
        JsonNode schemas = doc.get("components").get("schemas");
        assertThat(schemas.get("ResourceOfNetwork").get("properties").get("spec").get("$ref").asText())
                .isEqualTo("#/components/schemas/Network");
        assertThat(schemas.get("ResourceRequestOfInstance").get("properties").get("spec").get("$ref").asText())
                .isEqualTo("#/components/schemas/Instance");
        assertThat(schemas.get("PageOfDisk").get("properties").has("next")).isTrue();
        assertThat(schemas.get("Network").get("properties").has("cidr")).isTrue();
    }
}
