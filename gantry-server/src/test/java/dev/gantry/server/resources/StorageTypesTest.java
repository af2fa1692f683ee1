package dev.gantry.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.testing.PostgresExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StorageTypesTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(pg.jdbi());
    }

    private TestApi.Response post(String who, String path, String body) {
        return api.call(who, "POST", path, body);
    }

    @Test
    void aDiskWithSnapshotsOrAttachedCannotBeDeletedAndDeletingTheInstanceDetachesIt() {
        api.network("alice", "a", "net", "10.30.0.0/24");
        api.instance("alice", "a", "vm", "net", null);
        assertThat(post("alice", "/api/v1/tenants/a/disks", "{\"name\":\"root\",\"spec\":{\"size\":10485760,\"instance\":\"vm\"}}")
                .json().get("spec").get("instance").asText()).isEqualTo("vm");
        JsonNode snap = post("alice", "/api/v1/tenants/a/snapshots", "{\"name\":\"s1\",\"spec\":{\"disk\":\"root\"}}").json();
        assertThat(snap.get("spec").get("size").asLong()).isEqualTo(10485760);

        TestApi.Response refused = api.call("alice", "DELETE", "/api/v1/tenants/a/disks/root", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("disks root is in use by instances/vm (attached), snapshots/s1; delete those first");

        // The snapshot is fixed: a bigger disk later does not change it, and its spec cannot be changed.
        assertThat(api.call("alice", "PUT", "/api/v1/tenants/a/disks/root",
                "{\"name\":\"root\",\"spec\":{\"size\":20971520,\"instance\":\"vm\"}}").status()).isEqualTo(202);
        assertThat(api.get("alice", "/api/v1/tenants/a/snapshots/s1").json().get("spec").get("size").asLong())
                .isEqualTo(10485760);
        TestApi.Response resnap = api.call("alice", "PUT", "/api/v1/tenants/a/snapshots/s1",
                "{\"name\":\"s1\",\"spec\":{\"disk\":\"root\",\"size\":1}}");
        assertThat(resnap.status()).isEqualTo(400);
        TestApi.Response shrink = api.call("alice", "PUT", "/api/v1/tenants/a/disks/root",
                "{\"name\":\"root\",\"spec\":{\"size\":1048576}}");
        assertThat(shrink.status()).isEqualTo(400);
        assertThat(api.count("SELECT size FROM disks")).isEqualTo(20971520);

        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/instances/vm", null).status()).isEqualTo(202);
        assertThat(api.count("SELECT count(*) FROM disks WHERE instance_id IS NULL")).isEqualTo(1);
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/snapshots/s1", null).status()).isEqualTo(202);
        assertThat(api.call("alice", "DELETE", "/api/v1/tenants/a/disks/root", null).status()).isEqualTo(202);
        assertThat(api.count("SELECT count(*) FROM disks")).isZero();
    }

    @Test
    void imagesAreGlobalAdminsWriteThemEveryoneReadsThem() {
        TestApi.Response denied = post("alice", "/api/v1/images", "{\"name\":\"debian\",\"spec\":{\"source\":\"https://x/debian.qcow2\"}}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(api.count("SELECT count(*) FROM resources")).isZero();

        JsonNode image = post("admin", "/api/v1/images",
                "{\"name\":\"debian-12\",\"spec\":{\"source\":\"https://x/debian.qcow2\",\"os\":\"debian\"}}").json();
        assertThat(image.has("tenant")).isFalse();
        assertThat(api.get("alice", "/api/v1/images/debian-12").json().get("spec").get("os").asText()).isEqualTo("debian");
        assertThat(api.get("bob", "/api/v1/images").json().get("items")).hasSize(1);
        assertThat(post("admin", "/api/v1/images", "{\"name\":\"debian-12\",\"spec\":{\"source\":\"y\"}}").status())
                .isEqualTo(409);
        assertThat(post("admin", "/api/v1/images", "{\"name\":\"both\",\"spec\":{}}").status()).isEqualTo(400);
    }

    @Test
    void aSnapshotPublishedAsAnImageIsVisibleToEveryTenant() {
        post("alice", "/api/v1/tenants/a/disks", "{\"name\":\"golden\",\"spec\":{\"size\":2097152}}");
        String snapshot = post("alice", "/api/v1/tenants/a/snapshots", "{\"name\":\"golden-1\",\"spec\":{\"disk\":\"golden\"}}")
                .json().get("id").asText();
        JsonNode image = post("admin", "/api/v1/images",
                "{\"name\":\"golden\",\"spec\":{\"fromSnapshot\":\"" + snapshot + "\"}}").json();
        assertThat(image.get("spec").get("source").asText()).isEqualTo("snapshot:" + snapshot);
        assertThat(image.get("spec").get("size").asLong()).isEqualTo(2097152);
        assertThat(api.get("bob", "/api/v1/images/golden").status()).isEqualTo(200);
        TestApi.Response missing = post("admin", "/api/v1/images",
                "{\"name\":\"ghost\",\"spec\":{\"fromSnapshot\":\"00000000-0000-0000-0000-000000000000\"}}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(api.count("SELECT count(*) FROM resources WHERE name = 'ghost'")).isZero();
    }
}
