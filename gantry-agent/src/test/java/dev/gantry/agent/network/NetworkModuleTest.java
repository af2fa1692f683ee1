package dev.gantry.agent.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes in memory over this host's real rtnetlink, reads only: every write here is refused at
 * the edge (bad input or an unknown link) before it could reach the kernel. Writes are tested in
 * the box (NetworkIT).
 */
class NetworkModuleTest {
    private static Rtnl rtnl;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void setUp() {
        rtnl = Rtnl.host();
        dispatcher = new Dispatcher(new Routes("/api/v1").add(new NetworkModule(rtnl, null)).all());
    }

    @AfterAll
    static void tearDown() {
        rtnl.close();
    }

    private record Answer(int status, JsonNode json) {
    }

    private static Answer call(String method, String path, String body) throws Exception {
        int q = path.indexOf('?');
        RawResponse r = dispatcher.dispatch(new RawRequest(method, q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none());
        return new Answer(r.status(), r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }

    private static JsonNode ip(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip", "-j"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return Json.mapper().readTree(out);
    }

    @Test
    void linksListTheSameInterfacesAsIpLink() throws Exception {
        // Another box starting on this host adds a link between the two reads: then read both again.
        for (int attempt = 1; ; attempt++) {
            Answer links = call("GET", "/api/v1/network/links", null);
            assertThat(links.status()).isEqualTo(200);
            assertThat(links.json().get(0).get("stats64").get("rxBytes").isNumber()).isTrue();
            List<String> got = new ArrayList<>();
            links.json().forEach(l -> got.add(l.get("index").asInt() + " " + l.get("name").asText() + " "
                    + l.get("mtu").asInt() + " " + l.path("mac").asText()));
            List<String> want = new ArrayList<>();
            ip("link").forEach(l -> want.add(l.get("ifindex").asInt() + " " + l.get("ifname").asText() + " "
                    + l.get("mtu").asInt() + " " + l.path("address").asText()));
            if (attempt < 3 && !(got.containsAll(want) && want.containsAll(got) && got.size() == want.size())) {
                continue;
            }
            assertThat(got).containsExactlyInAnyOrderElementsOf(want);
            return;
        }
    }

    @Test
    void oneLinkByNameAndAnUnknownOneIs404() throws Exception {
        Answer lo = call("GET", "/api/v1/network/links/lo", null);
        assertThat(lo.status()).isEqualTo(200);
        assertThat(lo.json().get("name").asText()).isEqualTo("lo");
        assertThat(lo.json().get("flags").toString()).contains("LOOPBACK");

        Answer missing = call("GET", "/api/v1/network/links/gantry-nope0", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("type").asText()).endsWith("/not-found");
        assertThat(call("GET", "/api/v1/network/links/a-name-far-too-long-for-any-link", null).status()).isEqualTo(404);
    }

    @Test
    void routesDefaultToMainAndAnUnknownTableIs400() throws Exception {
        Answer main = call("GET", "/api/v1/network/routes", null);
        assertThat(main.status()).isEqualTo(200);
        main.json().forEach(r -> assertThat(r.get("table").asText()).isEqualTo("main"));
        Answer all = call("GET", "/api/v1/network/routes?table=all", null);
        assertThat(all.json().size()).isGreaterThan(main.json().size());
        Answer local = call("GET", "/api/v1/network/routes?table=255", null);
        local.json().forEach(r -> assertThat(r.get("table").asText()).isEqualTo("local"));

        Answer bad = call("GET", "/api/v1/network/routes?table=no-such-table", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("table");
    }

    @Test
    void addressesRulesAndNeighboursAnswer() throws Exception {
        Answer addresses = call("GET", "/api/v1/network/addresses", null);
        assertThat(addresses.status()).isEqualTo(200);
        assertThat(addresses.json().findValuesAsText("address")).contains("127.0.0.1");
        Answer rules = call("GET", "/api/v1/network/rules", null);
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.json().findValuesAsText("table")).contains("local", "main");
        assertThat(call("GET", "/api/v1/network/neighbours", null).status()).isEqualTo(200);
    }

    @Test
    void badChangesAre400NamingEachFieldBeforeTheKernelIsAsked() throws Exception {
        Answer route = call("POST", "/api/v1/network/routes",
                "{\"destination\":\"10.1.2.0/33\",\"gateway\":\"host.example\",\"metric\":-1}");
        assertThat(route.status()).isEqualTo(400);
        assertThat(route.json().findValuesAsText("field")).containsExactlyInAnyOrder("destination", "gateway", "metric");

        Answer mixed = call("PUT", "/api/v1/network/routes", "{\"destination\":\"10.1.2.0/24\",\"gateway\":\"fd00::1\"}");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().findValuesAsText("code")).contains("family");

        Answer noPath = call("POST", "/api/v1/network/routes", "{\"destination\":\"10.1.2.0/24\"}");
        assertThat(noPath.status()).isEqualTo(400);

        Answer address = call("POST", "/api/v1/network/links/lo/addresses", "{\"address\":\"10.0.0.1\"}");
        assertThat(address.status()).isEqualTo(400);
        assertThat(address.json().findValuesAsText("field")).containsExactly("address");
        assertThat(call("POST", "/api/v1/network/links/lo/addresses", "{\"address\":\"010.0.0.1/8\"}").status())
                .isEqualTo(400);

        Answer patch = call("PATCH", "/api/v1/network/links/lo", "{}");
        assertThat(patch.status()).isEqualTo(400);
        Answer unknownField = call("PATCH", "/api/v1/network/links/lo", "{\"down\":true}");
        assertThat(unknownField.status()).isEqualTo(400);

        Answer rule = call("POST", "/api/v1/network/rules", "{\"from\":\"10.0.0.0/8\",\"to\":\"fd00::/8\",\"table\":\"x-none\"}");
        assertThat(rule.status()).isEqualTo(400);
        Answer ruleTable = call("POST", "/api/v1/network/rules", "{\"from\":\"10.0.0.0/8\",\"table\":\"x-none\"}");
        assertThat(ruleTable.status()).isEqualTo(400);
        assertThat(ruleTable.json().findValuesAsText("field")).containsExactly("table");
        assertThat(call("DELETE", "/api/v1/network/rules", null).status()).isEqualTo(400);
    }

    @Test
    void changesToAnUnknownLinkAre404() throws Exception {
        assertThat(call("PATCH", "/api/v1/network/links/gantry-nope0", "{\"up\":true}").status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/network/links/gantry-nope0/addresses", "{\"address\":\"10.9.9.9/24\"}")
                .status()).isEqualTo(404);
        Answer route = call("POST", "/api/v1/network/routes",
                "{\"destination\":\"10.1.2.0/24\",\"device\":\"gantry-nope0\"}");
        assertThat(route.status()).isEqualTo(400);
        assertThat(route.json().findValuesAsText("field")).containsExactly("device");
    }
}
