package dev.gantry.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteIndexTest {

    private static RouteIndex index(String... methodAndPaths) {
        Routes routes = new Routes("/api/v1");
        for (String mp : methodAndPaths) {
            String[] parts = mp.split(" ");
            Routes.Builder builder = switch (parts[0]) {
                case "GET" -> routes.get(parts[1]);
                case "POST" -> routes.post(parts[1]);
                default -> routes.delete(parts[1]);
            };
            builder.summary(mp).handle(r -> null);
        }
        return new RouteIndex(routes.all());
    }

    private static String[] path(String p) {
        return PathTemplate.split(p);
    }

    @Test
    void aLiteralSegmentWinsOverAParameterWhateverTheOrder() {
        for (List<String> order : List.of(List.of("GET /units/{name}", "GET /units/failed"),
                List.of("GET /units/failed", "GET /units/{name}"))) {
            RouteIndex index = index(order.toArray(String[]::new));

            assertThat(index.find("GET", path("/api/v1/units/failed")).route().path()).isEqualTo("/api/v1/units/failed");
            RouteIndex.Match other = index.find("GET", path("/api/v1/units/ssh.service"));
            assertThat(other.route().path()).isEqualTo("/api/v1/units/{name}");
            assertThat(other.params()).containsEntry("name", "ssh.service");
        }
    }

    @Test
    void routesOfOtherModulesAndLengthsDoNotMatch() {
        RouteIndex index = index("GET /jobs/{id}", "GET /units/{name}", "POST /units/{name}/{action}");

        assertThat(index.find("GET", path("/api/v1/jobs/7")).route().path()).isEqualTo("/api/v1/jobs/{id}");
        assertThat(index.find("GET", path("/api/v1/units/a/b"))).isNull();
        assertThat(index.find("GET", path("/api/v1/nothing/7"))).isNull();
        assertThat(index.find("GET", path("/metrics"))).isNull();
    }

    @Test
    void aParameterInTheModuleSegmentIsStillFound() {
        RouteIndex index = index("GET /{anything}", "GET /agent");
        Routes absolute = new Routes("");
        absolute.get("/{x}").summary("root").handle(r -> null);
        RouteIndex root = new RouteIndex(absolute.all());

        assertThat(index.find("GET", path("/api/v1/agent")).route().path()).isEqualTo("/api/v1/agent");
        assertThat(index.find("GET", path("/api/v1/other")).params()).containsEntry("anything", "other");
        assertThat(root.find("GET", path("/metrics")).params()).containsEntry("x", "metrics");
    }

    @Test
    void methodsForListsEveryMethodOnAPathForTheAllowHeader() {
        RouteIndex index = index("GET /things/{name}", "DELETE /things/{name}", "POST /things");

        assertThat(index.methodsFor(path("/api/v1/things/a"))).containsExactly("GET", "DELETE");
        assertThat(index.methodsFor(path("/api/v1/things"))).containsExactly("POST");
        assertThat(index.methodsFor(path("/api/v1/other"))).isEmpty();
    }
}
