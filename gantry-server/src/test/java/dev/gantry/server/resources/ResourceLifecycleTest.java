package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResourceLifecycleTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    @Test
    void aCreatedNetworkIsReadyWithItsDefaultsAndTheProviderWasAskedOnce() {
        JsonNode net = api.network("alice", "a", "lan", "192.168.10.0/24");
        assertThat(net.get("state").asText()).isEqualTo("ready");
        assertThat(net.get("tenant").asText()).isEqualTo("a");
        assertThat(net.get("type").asText()).isEqualTo("networks");
        assertThat(net.get("spec").get("gateway").asText()).isEqualTo("192.168.10.1");
        assertThat(net.get("spec").get("cidr").asText()).isEqualTo("192.168.10.0/24");
        // pending (1), creating (2), ready (3)
        assertThat(net.get("version").asLong()).isEqualTo(3);
        String id = net.get("id").asText();
        assertThat(api.count("SELECT count(*) FROM provider_calls WHERE call = 'create' AND resource_id = ?::uuid", id))
                .isEqualTo(1);
        assertThat(api.count("SELECT count(*) FROM usage_records WHERE resource_id = ?::uuid", id)).isEqualTo(3);

        TestApi.Response byName = api.get("alice", "/api/v1/tenants/a/networks/lan");
        TestApi.Response byId = api.get("alice", "/api/v1/tenants/a/networks/" + id);
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.headers().get("ETag")).isEqualTo("\"3\"");
        assertThat(byId.json()).isEqualTo(byName.json());
    }

    @Test
    void aStaleETagIsA412AndChangesNothing() {
        api.network("alice", "a", "etag", "10.1.0.0/24");
        String body = "{\"name\":\"etag\",\"tags\":{\"env\":\"prod\"},\"spec\":{\"cidr\":\"10.1.0.0/24\",\"dns\":[\"10.1.0.53\"]}}";
        TestApi.Response stale = api.call("alice", "PUT", "/api/v1/tenants/a/networks/etag", body, Map.of("If-Match", "\"2\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(stale.json().get("type").asText()).isEqualTo("https://gantry.dev/problems/precondition-failed");
        assertThat(api.count("SELECT version FROM resources WHERE name = 'etag'")).isEqualTo(3);
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'etag' AND tags = '{}'")).isEqualTo(1);

        TestApi.Response fresh = api.call("alice", "PUT", "/api/v1/tenants/a/networks/etag", body, Map.of("If-Match", "\"3\""));
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(202);
        assertThat(fresh.json().get("tags").get("env").asText()).isEqualTo("prod");
        assertThat(fresh.json().get("spec").get("dns").get(0).asText()).isEqualTo("10.1.0.53");
        assertThat(fresh.json().get("state").asText()).isEqualTo("ready");
        assertThat(api.count("SELECT count(*) FROM networks WHERE dns = '{10.1.0.53}'")).isEqualTo(1);

        TestApi.Response staleDelete = api.call("alice", "DELETE", "/api/v1/tenants/a/networks/etag", null,
                Map.of("If-Match", "\"3\""));
        assertThat(staleDelete.status()).isEqualTo(412);
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'etag'")).isEqualTo(1);
    }

    @Test
    void aNetworkWithInstancesCannotBeDeletedAndTheAnswerNamesThem() {
        api.network("alice", "a", "busy", "10.2.0.0/24");
        assertThat(api.instance("alice", "a", "web-1", "busy", null).status()).isEqualTo(202);
        assertThat(api.instance("alice", "a", "web-2", "busy", null).status()).isEqualTo(202);

        TestApi.Response refused = api.call("alice", "DELETE", "/api/v1/tenants/a/networks/busy", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("networks busy is in use by instances/web-1, instances/web-2; delete those first");
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'busy' AND state = 'ready'")).isEqualTo(1);

        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/instances/web-1", null).status()).isEqualTo(202);
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/instances/web-2", null).status()).isEqualTo(202);
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/networks/busy", null).status()).isEqualTo(202);
        assertThat(api.count("SELECT count(*) FROM resources")).isZero();
        assertThat(api.count("SELECT count(*) FROM networks")).isZero();
        assertThat(api.count("SELECT count(*) FROM network_leases")).isZero();
        assertThat(api.count("SELECT count(*) FROM provider_calls WHERE call = 'remove'")).isEqualTo(3);
        assertThat(api.get("alice", "/api/v1/tenants/a/networks/busy").status()).isEqualTo(404);
    }

    @Test
    void badInputIsA400NamingEveryFieldAndWritesNothing() {
        TestApi.Response r = api.call("alice", "POST", "/api/v1/tenants/a/networks",
                "{\"name\":\"Bad_Name\",\"spec\":{\"cidr\":\"10.0.0.1/24\",\"gateway\":\"10.9.0\",\"dns\":[\"x\"],"
                        + "\"leases\":[{\"ip\":\"10.0.0.300\"},{\"ip\":\"10.0.0.9\",\"mac\":\"ZZ\"}]}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsText("field"))
                .containsExactly("name", "spec.cidr", "spec.gateway", "spec.dns[0]", "spec.leases[0].ip",
                        "spec.leases[1].mac");
        for (String cidr : new String[] {"10.0.0.0", "10.0.0.0/31", "10.0.0.0/7", "300.0.0.0/24", "10.0.0.0/abc"}) {
            TestApi.Response bad = api.call("alice", "POST", "/api/v1/tenants/a/networks",
                    "{\"name\":\"n\",\"spec\":{\"cidr\":\"" + cidr + "\"}}");
            assertThat(bad.status()).as(cidr).isEqualTo(400);
            assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("spec.cidr");
        }
        TestApi.Response unknownField = api.call("alice", "POST", "/api/v1/tenants/a/networks",
                "{\"name\":\"n\",\"spec\":{\"cidr\":\"10.0.0.0/24\",\"mtu\":9000}}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("errors").get(0).get("field").asText()).isEqualTo("spec.mtu");
        TestApi.Response noSpec = api.call("alice", "POST", "/api/v1/tenants/a/instances", "{\"name\":\"x\"}");
        assertThat(noSpec.status()).isEqualTo(400);
        TestApi.Response badInstance = api.call("alice", "POST", "/api/v1/tenants/a/instances",
                "{\"name\":\"x\",\"spec\":{\"network\":\"n\",\"ip\":\"1.2.3\",\"cpu\":0}}");
        assertThat(badInstance.json().get("errors").findValuesAsText("field"))
                .containsExactly("spec.ip", "spec.cpu", "spec.memory");
        assertThat(api.count("SELECT count(*) FROM resources")).isZero();
        assertThat(api.count("SELECT count(*) FROM resource_changes")).isZero();
        assertThat(api.count("SELECT count(*) FROM usage_records")).isZero();
    }

    @Test
    void aNameIsUniquePerTenantAndType() {
        api.network("alice", "a", "same", "10.3.0.0/24");
        TestApi.Response twice = api.call("alice", "POST", "/api/v1/tenants/a/networks",
                "{\"name\":\"same\",\"spec\":{\"cidr\":\"10.4.0.0/24\"}}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asText()).isEqualTo("networks same already exists in tenant a");
        assertThat(api.count("SELECT count(*) FROM networks")).isEqualTo(1);
        // Another type may use the name.
        assertThat(api.call("alice", "POST", "/api/v1/tenants/a/disks",
                "{\"name\":\"same\",\"spec\":{\"size\":1048576}}").status()).isEqualTo(202);
    }

    @Test
    void tenantsNeitherSeeNorCollideWithEachOther() {
        JsonNode a = api.network("alice", "a", "shared-name", "10.5.0.0/24");
        JsonNode b = api.network("bob", "b", "shared-name", "10.5.0.0/24");
        assertThat(a.get("id")).isNotEqualTo(b.get("id"));

        TestApi.Response peek = api.get("alice", "/api/v1/tenants/b/networks");
        assertThat(peek.status()).isEqualTo(404);
        assertThat(api.get("alice", "/api/v1/tenants/b/networks/shared-name").status()).isEqualTo(404);
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/b/networks/shared-name", null).status()).isEqualTo(404);
        // B's resource addressed by id under A's path is simply not there.
        assertThat(api.get("alice", "/api/v1/tenants/a/networks/" + b.get("id").asText()).status()).isEqualTo(404);
        // A's instance cannot use B's network, even by id.
        TestApi.Response cross = api.instance("alice", "a", "sneaky", b.get("id").asText(), null);
        assertThat(cross.status()).isEqualTo(404);

        JsonNode listA = api.get("alice", "/api/v1/tenants/a/networks").json();
        assertThat(listA.get("items")).hasSize(1);
        assertThat(listA.get("items").get(0).get("id")).isEqualTo(a.get("id"));
        assertThat(api.count("SELECT count(*) FROM resources WHERE tenant = 'b'")).isEqualTo(1);
        // An admin sees both; a tenant that does not exist is a 404 for everyone, as another tenant is.
        assertThat(api.get("admin", "/api/v1/tenants/b/networks").json().get("items")).hasSize(1);
        assertThat(api.get("admin", "/api/v1/tenants/c/networks").status()).isEqualTo(404);
        assertThat(api.get("alice", "/api/v1/tenants/c/networks").status()).isEqualTo(404);
    }

    @Test
    void scopesAreEnforcedPerType() {
        api.network("alice", "a", "scoped", "10.6.0.0/24");
        assertThat(api.get("reader", "/api/v1/tenants/a/networks/scoped").status()).isEqualTo(200);
        assertThat(api.call("reader", "POST", "/api/v1/tenants/a/networks",
                "{\"name\":\"x\",\"spec\":{\"cidr\":\"10.7.0.0/24\"}}").status()).isEqualTo(403);
        assertThat(api.get("reader", "/api/v1/tenants/a/disks").status()).isEqualTo(403);
        assertThat(api.get("nobody", "/api/v1/tenants/a/disks").status()).isEqualTo(401);
        assertThat(api.count("SELECT count(*) FROM resources")).isEqualTo(1);
    }

    @Test
    void aTenantsQuotaOfATypeHoldsAlsoUnderConcurrentCreates() throws Exception {
        api.jdbi.useHandle(h -> h.execute("UPDATE tenants SET quotas = '{\"disks\": 3}' WHERE id = 'a'"));
        java.util.List<java.util.concurrent.Future<TestApi.Response>> results = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                String body = "{\"name\":\"q-" + i + "\",\"spec\":{\"size\":1048576}}";
                results.add(pool.submit(() -> api.call("alice", "POST", "/api/v1/tenants/a/disks", body)));
            }
        }
        long accepted = 0;
        for (var f : results) {
            TestApi.Response r = f.get();
            if (r.status() == 202) {
                accepted++;
            } else {
                assertThat(r.status()).isEqualTo(409);
                assertThat(r.json().get("type").asText()).isEqualTo("https://gantry.dev/problems/quota-exceeded");
                assertThat(r.json().get("detail").asText()).isEqualTo("tenant a holds 3 disks of its quota of 3");
            }
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(api.count("SELECT count(*) FROM disks")).isEqualTo(3);
        // Other types and other tenants are not limited by it.
        assertThat(api.call("bob", "POST", "/api/v1/tenants/b/disks", "{\"name\":\"q\",\"spec\":{\"size\":1048576}}")
                .status()).isEqualTo(202);
        api.network("alice", "a", "free", "10.8.0.0/24");
    }
}
