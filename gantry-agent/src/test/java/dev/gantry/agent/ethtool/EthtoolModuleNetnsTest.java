package dev.gantry.agent.ethtool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.netlink.Ethtool;
import dev.gantry.agent.backend.netlink.Rtnl;
import dev.gantry.agent.backend.netlink.TestNetns;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Credentials;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.RawRequest;
import dev.gantry.common.http.RawResponse;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routes in memory, run on a thread inside a namespace of the test's own with a veth pair, so
 * the changes touch only that veth; each effect is checked with the ethtool command in the namespace.
 * The same over the installed agent in a box: EthtoolIT.
 */
class EthtoolModuleNetnsTest {
    private TestNetns ns;
    private Ethtool ethtool;
    private Rtnl rtnl;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(TestNetns.possible(), "creating a network namespace needs root");
        ns = TestNetns.create();
        ns.exec("ip", "link", "add", "gtm0", "type", "veth", "peer", "name", "gtm1");
        ethtool = new Ethtool();
        rtnl = Rtnl.host();
        dispatcher = new Dispatcher(new Routes("/api/v1").add(new EthtoolModule(ethtool, rtnl)).all());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ns != null) {
            ethtool.close();
            rtnl.close();
            ns.close();
        }
    }

    private record Answer(int status, String contentType, JsonNode json) {
    }

    private Answer call(String method, String path, String body) throws Exception {
        RawResponse r = ns.call(() -> dispatcher.dispatch(new RawRequest(method, path, null,
                Map.of("Content-Type", "application/json")::get,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                new Credentials(Optional.empty(), Optional.empty())), Authenticator.none()));
        return new Answer(r.status(), r.headers().getOrDefault("Content-Type", ""),
                r.body().length == 0 ? null : Json.mapper().readTree(r.body()));
    }

    @Test
    void everythingNamesTheUnsupportedPartsAndAgreesWithTheParts() throws Exception {
        Answer all = call("GET", "/api/v1/ethtool/gtm0", null);

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("name").asText()).isEqualTo("gtm0");
        assertThat(all.json().get("driver").get("driver").asText()).isEqualTo("veth");
        assertThat(all.json().get("unsupported")).extracting(JsonNode::asText)
                .containsExactly("rings", "coalesce", "pause");
        assertThat(all.json().has("rings")).isFalse();
        assertThat(all.json().get("channels")).isEqualTo(call("GET", "/api/v1/ethtool/gtm0/channels", null).json());
        assertThat(all.json().get("statistics").get("peer_ifindex").asLong()).isPositive();
        assertThat(all.json().get("features").get("groups").get(1).get("name").asText()).isEqualTo("tx-checksumming");
    }

    @Test
    void loopbackAnswersWhatItHasAndNamesTheRest() throws Exception {
        Answer lo = call("GET", "/api/v1/ethtool/lo", null);

        assertThat(lo.status()).isEqualTo(200);
        // ethtool -i lo: "Cannot get driver information: Operation not supported"; -S lo: "no stats available".
        assertThat(lo.json().get("unsupported")).extracting(JsonNode::asText)
                .containsExactly("settings", "driver", "statistics", "channels", "rings", "coalesce", "pause");
        assertThat(lo.json().get("linkState").get("link").asBoolean()).isFalse();
        assertThat(ns.exec("ethtool", "lo")).contains("\tLink detected: no\n");
        assertThat(lo.json().get("features").get("features").get("loopback").get("active").asBoolean()).isTrue();
        assertThat(call("GET", "/api/v1/ethtool/lo/driver", null).status()).isEqualTo(422);
    }

    @Test
    void aFeatureChangeByEthtoolsLegacyNameShowsInEthtoolK() throws Exception {
        Answer r = call("PATCH", "/api/v1/ethtool/gtm0/features", "{\"features\":{\"gro\":true,\"tx-checksumming\":false}}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("notApplied")).isEmpty();
        assertThat(r.json().get("features").get("rx-gro").get("active").asBoolean()).isTrue();
        String k = ns.exec("ethtool", "-k", "gtm0");
        assertThat(k).contains("\ngeneric-receive-offload: on\n").contains("\ntx-checksumming: off\n")
                .contains("\ttx-checksum-ip-generic: off\n").contains("\ttx-checksum-sctp: off\n");
    }

    @Test
    void aChannelsChangeShowsInEthtoolLAndUnsupportedBlocksAre422() throws Exception {
        Answer r = call("PATCH", "/api/v1/ethtool/gtm0/channels", "{\"rx\":2,\"tx\":2}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("rx").asLong()).isEqualTo(2);
        assertThat(ns.exec("ethtool", "-l", "gtm0")).contains("Current hardware settings:\nRX:\t\t2\nTX:\t\t2\n");

        Answer rings = call("GET", "/api/v1/ethtool/gtm0/rings", null);
        assertThat(rings.status()).isEqualTo(422);
        assertThat(rings.contentType()).isEqualTo("application/problem+json");
        assertThat(rings.json().get("type").asText()).endsWith("/not-supported");
        assertThat(rings.json().get("detail").asText()).contains("gtm0").contains("Operation not supported");
        assertThat(call("PATCH", "/api/v1/ethtool/gtm0/pause", "{\"rx\":true}").status()).isEqualTo(422);
        // A veth has a fixed speed: ethtool -s gtm0 speed 1000 fails the same way.
        Answer speed = call("PATCH", "/api/v1/ethtool/gtm0/settings", "{\"speed\":1000,\"duplex\":\"full\"}");
        assertThat(speed.status()).isEqualTo(422);
        assertThat(speed.json().get("detail").asText()).contains("settings");
        assertThat(ns.exec("ethtool", "gtm0")).contains("\tSpeed: 10000Mb/s\n");
    }

    @Test
    void badInputIsA4xxProblemAndChangesNothing() throws Exception {
        String before = ns.exec("ethtool", "-k", "gtm0");
        String channelsBefore = ns.exec("ethtool", "-l", "gtm0");

        Map<String, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put("PATCH /api/v1/ethtool/gtm0/features {\"features\":{\"no-such-feature\":true,\"gro\":true}}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/features {\"features\":{\"rx-gro\":\"yes\"}}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/features {\"features\":{}}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/features {\"features\":{\"gro\":true,\"large-receive-offload\":true}}", 422);
        cases.put("PATCH /api/v1/ethtool/gtm0/features {\"gro\":true}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/channels {\"rx\":64}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/channels {\"rx\":-1}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/channels {\"rxMax\":4}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/channels {}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/settings {\"duplex\":\"sideways\"}", 400);
        cases.put("PATCH /api/v1/ethtool/gtm0/settings {\"advertise\":[\"9999baseQ/Full\"]}", 400);
        cases.put("GET /api/v1/ethtool/nosuch0 ", 404);
        cases.put("GET /api/v1/ethtool/nosuch0/features ", 404);
        cases.put("PATCH /api/v1/ethtool/nosuch0/features {\"features\":{\"gro\":true}}", 404);
        cases.put("GET /api/v1/ethtool/a..b/driver ", 404);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            String[] parts = c.getKey().split(" ", 3);
            Answer r = call(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2]);
            assertThat(r.status()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(r.contentType()).as(c.getKey()).isEqualTo("application/problem+json");
        }

        assertThat(ns.exec("ethtool", "-k", "gtm0")).isEqualTo(before);
        assertThat(ns.exec("ethtool", "-l", "gtm0")).isEqualTo(channelsBefore);
    }
}
