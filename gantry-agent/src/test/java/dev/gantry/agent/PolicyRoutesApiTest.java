package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/network/policy-routes} of an agent on this host with {@code RoutingPolicyRules}
 * unset (the default): policy routing is off and touches nothing, so the list is empty. What it lists
 * when links are configured is tested against a real kernel (PolicyRoutingNetnsTest, PolicyRoutingIT).
 */
class PolicyRoutesApiTest {
    @TempDir
    Path dir;
    private TestAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent(dir);
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    @Test
    void withNoLinkConfiguredTheListIsEmpty() throws Exception {
        TestAgent.Response r = agent.unix("GET", "/api/v1/network/policy-routes", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void theRouteIsInTheOpenApiDocumentWithItsSchema() throws Exception {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(
                agent.unix("GET", "/api/v1/openapi.json", null).body(), null, null);

        assertThat(parsed.getOpenAPI().getPaths()).containsKey("/api/v1/network/policy-routes");
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("PolicyRoutes", "KeptRoute",
                "KeptRule");
    }
}
