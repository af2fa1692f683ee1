package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InstanceAllocationTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    @Test
    void fiftyConcurrentCreatesOnOneNetworkGetFiftyDistinctAddresses() throws Exception {
        api.network("alice", "a", "crowd", "10.50.0.0/24");
        List<Future<TestApi.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String name = "vm-" + i;
                results.add(pool.submit(() -> api.instance("alice", "a", name, "crowd", null)));
            }
        }
        Set<String> ips = new HashSet<>();
        for (Future<TestApi.Response> f : results) {
            TestApi.Response r = f.get();
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(r.json().get("state").asText()).isEqualTo("ready");
            ips.add(r.json().get("spec").get("ip").asText());
        }
        assertThat(ips).hasSize(50).allMatch(ip -> ip.startsWith("10.50.0.")).doesNotContain("10.50.0.1", "10.50.0.0");
        String network = "(SELECT id FROM resources WHERE name = 'crowd')";
        assertThat(api.count("SELECT count(DISTINCT ip) FROM instances WHERE network_id = " + network)).isEqualTo(50);
        assertThat(api.count("SELECT count(*) FROM network_leases WHERE auto AND network_id = " + network)).isEqualTo(50);
        // Allocation fills from the bottom: .2 to .51, the gateway .1 skipped.
        assertThat(api.count("SELECT count(*) FROM instances WHERE ip BETWEEN '10.50.0.2' AND '10.50.0.51'"))
                .isEqualTo(50);
    }

    @Test
    void aGivenFreeAddressIsTakenAndATakenOneIsAConflictThatWritesNothing() {
        api.network("alice", "a", "given", "10.60.0.0/24");
        TestApi.Response first = api.instance("alice", "a", "fixed-1", "given", "10.60.0.77");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("spec").get("ip").asText()).isEqualTo("10.60.0.77");

        TestApi.Response second = api.instance("alice", "a", "fixed-2", "given", "10.60.0.77");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(second.json().get("detail").asText()).contains("10.60.0.77").contains("fixed-1");
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'fixed-2'")).isZero();
        assertThat(api.count("SELECT count(*) FROM usage_records WHERE name = 'fixed-2'")).isZero();
    }

    @Test
    void anAddressOutsideTheNetworkIsA400AndWritesNothing() {
        api.network("alice", "a", "small", "10.70.0.0/28");
        for (String ip : List.of("10.71.0.5", "10.70.0.15", "10.70.0.0")) {
            TestApi.Response r = api.instance("alice", "a", "outside", "small", ip);
            assertThat(r.status()).as(ip).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("spec.ip");
            assertThat(r.json().get("errors").get(0).get("code").asText()).isEqualTo("outside");
        }
        TestApi.Response gateway = api.instance("alice", "a", "outside", "small", "10.70.0.1");
        assertThat(gateway.status()).isEqualTo(409);
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'outside'")).isZero();
        assertThat(api.count("SELECT count(*) FROM network_leases l JOIN resources r ON r.id = l.network_id "
                + "WHERE r.name = 'small'")).isZero();
    }

    @Test
    void anUnknownNetworkIsA404AndWritesNothing() {
        TestApi.Response r = api.instance("alice", "a", "lost", "no-such-net", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).isEqualTo("spec.network: no networks no-such-net in tenant a");
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'lost'")).isZero();
    }

    @Test
    void aFullNetworkIsAConflict() {
        api.network("alice", "a", "tiny", "10.80.0.0/30");
        assertThat(api.instance("alice", "a", "only", "tiny", null).json().get("spec").get("ip").asText())
                .isEqualTo("10.80.0.2");
        TestApi.Response full = api.instance("alice", "a", "one-more", "tiny", null);
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.json().get("detail").asText()).isEqualTo("network tiny has no free address");
    }

    @Test
    void aReleasedAddressIsFreeAndReusedOnceTheTopOfTheRangeIsUsedUp() {
        // A /29: hosts .1-.6, gateway .1, so five instances fill it (.2-.6).
        api.network("alice", "a", "reuse", "10.90.0.0/29");
        List<String> ips = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ips.add(api.instance("alice", "a", "reuse-" + i, "reuse", null).json().get("spec").get("ip").asText());
        }
        assertThat(ips).containsExactly("10.90.0.2", "10.90.0.3", "10.90.0.4", "10.90.0.5", "10.90.0.6");
        String gone = api.get("alice", "/api/v1/tenants/a/instances/reuse-2").json().get("id").asText();
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/instances/reuse-2", null).status()).isEqualTo(202);
        assertThat(api.count("SELECT count(*) FROM network_leases WHERE instance_id = ?::uuid", gone)).isZero();
        assertThat(api.instance("alice", "a", "reuse-6", "reuse", null).json().get("spec").get("ip").asText())
                .isEqualTo("10.90.0.3");
        assertThat(api.instance("alice", "a", "reuse-7", "reuse", null).status()).isEqualTo(409);
    }

    @Test
    void nextFitAllocatesAfterTheHighestLeaseAndSkipsTheGateway() {
        api.network("alice", "a", "mid", "10.91.0.0/24");
        api.call("alice", "PUT", "/api/v1/tenants/a/networks/mid",
                "{\"name\":\"mid\",\"spec\":{\"cidr\":\"10.91.0.0/24\",\"gateway\":\"10.91.0.10\"}}");
        assertThat(api.instance("alice", "a", "m-1", "mid", "10.91.0.9").status()).isEqualTo(202);
        assertThat(api.instance("alice", "a", "m-2", "mid", null).json().get("spec").get("ip").asText())
                .isEqualTo("10.91.0.11");
    }
}
