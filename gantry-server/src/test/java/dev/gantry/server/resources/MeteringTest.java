package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MeteringTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    @Test
    void aResourceIsBilledAtItsTypesPriceForTheSecondsItWasReadyInTheWindow() {
        Instant t0 = api.clock.instant();
        api.network("alice", "a", "metered", "10.20.0.0/24");
        JsonNode vm = api.instance("alice", "a", "vm", "metered", null).json();
        api.clock.advance(Duration.ofSeconds(100));
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/instances/vm", null).status()).isEqualTo(202);
        api.clock.advance(Duration.ofSeconds(50));
        // A disk billed from t0+150 to the end of the window (t0+250): 100 s at 0.0001.
        api.call("alice", "POST", "/api/v1/tenants/a/disks", "{\"name\":\"d\",\"spec\":{\"size\":1048576}}");
        api.call("bob", "POST", "/api/v1/tenants/b/disks", "{\"name\":\"d\",\"spec\":{\"size\":1048576}}");

        JsonNode usage = api.get("alice", "/api/v1/tenants/a/usage?from=" + t0 + "&to=" + t0.plusSeconds(250)).json();
        assertThat(usage.get("currency").asText()).isEqualTo("EUR");
        assertThat(usage.get("resources")).hasSize(3);
        JsonNode instance = find(usage, "instances");
        assertThat(instance.get("id").asText()).isEqualTo(vm.get("id").asText());
        assertThat(instance.get("seconds").asLong()).isEqualTo(100);
        assertThat(instance.get("cost").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(find(usage, "disks").get("seconds").asLong()).isEqualTo(100);
        assertThat(find(usage, "disks").get("cost").decimalValue()).isEqualByComparingTo("0.01");
        // Networks have no price: listed, costing nothing.
        assertThat(find(usage, "networks").get("cost").decimalValue()).isEqualByComparingTo("0");
        assertThat(usage.get("total").decimalValue()).isEqualByComparingTo("0.11");

        // A window that starts halfway through the instance's life bills the half inside it.
        JsonNode half = api.get("alice", "/api/v1/tenants/a/usage?from=" + t0.plusSeconds(50) + "&to="
                + t0.plusSeconds(100)).json();
        assertThat(find(half, "instances").get("seconds").asLong()).isEqualTo(50);
        assertThat(api.count("SELECT count(*) FROM usage_records WHERE name = 'vm' AND state = 'deleted'")).isEqualTo(1);
    }

    @Test
    void usageIsTenantScopedAndChecksItsWindow() {
        assertThat(api.get("bob", "/api/v1/tenants/a/usage").status()).isEqualTo(404);
        assertThat(api.get("alice", "/api/v1/tenants/a/usage?from=yesterday").status()).isEqualTo(400);
        TestApi.Response backwards = api.get("alice", "/api/v1/tenants/a/usage?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
        JsonNode empty = api.get("alice", "/api/v1/tenants/a/usage").json();
        assertThat(empty.get("resources")).isEmpty();
        assertThat(empty.get("total").decimalValue()).isEqualByComparingTo("0");
    }

    private static JsonNode find(JsonNode usage, String type) {
        for (JsonNode r : usage.get("resources")) {
            if (r.get("type").asText().equals(type)) {
                return r;
            }
        }
        throw new AssertionError("no " + type + " in " + usage);
    }
}
