package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.testing.PostgresExtension;
import java.util.ArrayList;
import dev.gantry.server.changes.ChangeFeed;
import dev.gantry.server.resources.instances.Instance;
import dev.gantry.server.resources.instances.InstanceHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
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
    void theCursorSkipsTheGatewayAndTakenAddressesThenTheLowestFreeIsTaken() {
        api.network("alice", "a", "mid", "10.91.0.0/24");
        api.call("alice", "PUT", "/api/v1/tenants/a/networks/mid",
                "{\"name\":\"mid\",\"spec\":{\"cidr\":\"10.91.0.0/24\",\"gateway\":\"10.91.0.3\"}}");
        assertThat(api.instance("alice", "a", "m-1", "mid", "10.91.0.2").status()).isEqualTo(202);
        // The cursor's first draws are .2 (taken by m-1) and .3 (the gateway): two misses, so the
        // lowest free address is taken, .1 (no longer the gateway); the next create draws .4.
        assertThat(api.instance("alice", "a", "m-2", "mid", null).json().get("spec").get("ip").asText())
                .isEqualTo("10.91.0.1");
        assertThat(api.instance("alice", "a", "m-3", "mid", null).json().get("spec").get("ip").asText())
                .isEqualTo("10.91.0.4");
    }

    @Test
    void aCreateDoesNotWaitForAnotherCreateOnTheSameNetworkThatHasNotCommitted() throws Exception {
        api.network("alice", "a", "busy", "10.92.0.0/24");
        // Everything a create does in its transaction, left open: the core row, the network's lock
        // and the address (InstanceHandler.store), the change. Before V35/V36 both the network's row
        // and the change feed's lock were held to commit, so the second create waited for this one.
        ResourceCore core = new ResourceCore(UUID.randomUUID(), "instances", Optional.of("a"), "open", Map.of(),
                ResourceState.PENDING, api.clock.instant(), api.clock.instant(), 1);
        try (Handle open = pg.jdbi().open()) {
            open.begin();
            ResourceStore.insert(open, core);
            Instance held = new InstanceHandler().store(open, core,
                    new Instance("busy", null, null, 1, 128L << 20, null, null), Optional.empty());
            ChangeFeed.append(open, "a", "instances", core.id(), "created", Resource.of(core, held), api.clock.instant());

            TestApi.Response other;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                other = pool.submit(() -> api.instance("alice", "a", "other", "busy", null)).get(20, TimeUnit.SECONDS);
            }
            assertThat(other.status()).as(other.body()).isEqualTo(202);
            assertThat(other.json().get("spec").get("ip").asText()).isNotEqualTo(held.ip());
            open.commit();
        }
        assertThat(api.count("SELECT count(DISTINCT ip) FROM network_leases l JOIN resources r ON r.id = l.network_id "
                + "WHERE r.name = 'busy'")).isEqualTo(2);
    }
}
