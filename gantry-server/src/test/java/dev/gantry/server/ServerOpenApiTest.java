package dev.gantry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import dev.gantry.server.testing.TestServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ServerOpenApiTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    @Test
    void theOpenApiDocumentIsValidOpenApi31CoveringEveryServerRoute(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(pg, dir)) {
            TestServer.Response r = server.call("GET", "/api/v1/openapi.json", null, (String) null);

            assertThat(r.status()).isEqualTo(200);
            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, null);
            assertThat(parsed.getMessages()).isEmpty();
            assertThat(parsed.getOpenAPI().getInfo().getTitle()).isEqualTo("gantry-server");
            assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/health", "/api/v1/openapi.json",
                    "/api/v1/tenants", "/api/v1/tenants/{id}", "/api/v1/jobs/{id}", "/api/v1/tenants/{tenant}/jobs",
                    "/api/v1/placement", "/api/v1/instances/{gantryId}/actions/{action}", "/api/v1/instances/{gantryId}/status");
            assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/tenants").getPost().getRequestBody()).isNotNull();
            assertThat(parsed.getOpenAPI().getPaths().get("/api/v1/tenants/{id}").getPatch().getRequestBody()).isNotNull();
            assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("Tenant", "Job", "Health", "Problem");
        }
    }
}
