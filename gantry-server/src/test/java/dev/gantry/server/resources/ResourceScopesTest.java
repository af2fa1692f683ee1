package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 401/403 matrix of every resource route family; nothing is written by a refused call. */
class ResourceScopesTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private static final List<String> TENANT_TYPES = List.of("networks", "instances", "disks", "snapshots");

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    private int status(String who, String method, String path) {
        String body = method.equals("POST") || method.equals("PUT") ? "{\"name\":\"x\",\"spec\":{}}" : null;
        return api.call(who, method, path, body).status();
    }

    @Test
    void eachRouteNeedsItsTypesScopeAndCredentials() {
        for (String type : TENANT_TYPES) {
            String base = "/api/v1/tenants/a/" + type;
            api.caller(type + "-reader", Set.of(type + ":read"));
            api.caller(type + "-stranger", Set.of("other:write"));
            for (String[] route : new String[][] {{"GET", base}, {"GET", base + "/x"}, {"POST", base},
                    {"PUT", base + "/x"}, {"DELETE", base + "/x"}}) {
                boolean read = route[0].equals("GET");
                assertThat(status("nobody", route[0], route[1])).as("no token " + route[0] + " " + route[1]).isEqualTo(401);
                assertThat(status(type + "-stranger", route[0], route[1])).as("other scope " + route[1]).isEqualTo(403);
                int asReader = status(type + "-reader", route[0], route[1]);
                if (read) {
                    assertThat(asReader).as("reader " + route[0] + " " + route[1]).isIn(200, 404);
                } else {
                    assertThat(asReader).as("reader " + route[0] + " " + route[1]).isEqualTo(403);
                }
            }
        }
        // Images: any caller with images:read reads; only an admin writes, whatever its scopes.
        api.caller("image-writer", Set.of("images:read", "images:write"));
        assertThat(status("image-writer", "GET", "/api/v1/images")).isEqualTo(200);
        assertThat(status("image-writer", "POST", "/api/v1/images")).isEqualTo(403);
        assertThat(status("image-writer", "DELETE", "/api/v1/images/x")).isEqualTo(403);
        assertThat(status("nobody", "GET", "/api/v1/images")).isEqualTo(401);
        // Usage needs usage:read and the tenant.
        assertThat(status("image-writer", "GET", "/api/v1/tenants/a/usage")).isEqualTo(403);
        assertThat(status("alice", "GET", "/api/v1/tenants/a/usage")).isEqualTo(200);
        assertThat(api.count("SELECT count(*) FROM resources")).isZero();
    }
}
