package dev.gantry.server.providers.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.Fault;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimClock;
import dev.gantry.sim.SimCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxmoxClientTest {
    private static final Duration T = Duration.ofSeconds(10);
    static SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    static ProxmoxSim sim;
    static SimCluster lab;

    @BeforeAll
    static void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).taskDuration(Duration.ZERO).cluster(new ClusterSpec("lab", 2, 3, 7)).start();
        lab = sim.cluster("lab");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        lab.setFault(Fault.none());
        lab.resetCalls();
    }

    @Test
    void signsInOnceWithThePasswordInTheBodyAndReadsTheInventory() {
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, lab), T, clock)) {
            assertThat(client.version(T).path("version").asText()).isEqualTo("8.3.0");
            JsonNode resources = client.clusterResources(T);
            assertThat(resources.size()).isEqualTo(2 + 6 + 4);
            assertThat(client.clusterStatus(T).get(0).path("name").asText()).isEqualTo("lab");
            assertThat(client.nodeStatus("pve1", T).path("loadavg").size()).isEqualTo(3);
            assertThat(client.calls()).isEqualTo(5);
        }
        assertThat(lab.calls()).containsEntry("POST /access/ticket", 1L).containsEntry("GET /version", 1L);
    }

    @Test
    void writesCarryTheCsrfTokenAndAStaleDigestIsRefused() {
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, lab), T, clock)) {
            JsonNode config = client.guestConfig("pve1", type(100), 100, T);
            String digest = config.path("digest").asText();
            client.putGuestConfig("pve1", type(100), 100, Map.of("description", "hello"), digest, T);
            assertThat(client.guestConfig("pve1", type(100), 100, T).path("description").asText()).isEqualTo("hello");

            assertThatThrownBy(() -> client.putGuestConfig("pve1", type(100), 100, Map.of("description", "lost"), digest, T))
                    .isInstanceOfSatisfying(ProxmoxException.class, e -> assertThat(e.isDigestMismatch()).isTrue());
            assertThat(client.guestConfig("pve1", type(100), 100, T).path("description").asText()).isEqualTo("hello");
        }
    }

    @Test
    void renewsTheTicketWithTheOldOneAfterAnHourAndSignsInAgainOnceItExpired() {
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, lab), T, clock)) {
            client.version(T);
            clock.advance(Duration.ofMinutes(70));
            client.version(T);
            clock.advance(Duration.ofMinutes(70));
            client.version(T);
            clock.advance(Duration.ofHours(3));
            client.version(T);
        }
        // first sign-in, renewal at 70 min, renewal at 140 min (ticket then 70 min old), password again after 3 h
        assertThat(lab.calls()).containsEntry("POST /access/ticket", 4L).containsEntry("GET /version", 4L);
        assertThat(lab.calls().keySet()).allMatch(k -> !k.contains("401"));
    }

    @Test
    void aTicketRefusedBeforeItsTimeIsReplacedOnceAndTheCallRepeated() {
        // The client's own clock stands still, so only the cluster knows the ticket expired: a 401, then a sign-in.
        Clock frozen = Clock.fixed(clock.instant(), clock.getZone());
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.password(sim, lab), T, frozen)) {
            client.version(T);
            clock.advance(Duration.ofHours(2).plusMinutes(1));
            assertThat(client.version(T).path("version").asText()).isEqualTo("8.3.0");
            // sign-in, version, version refused with 401, sign-in, version again
            assertThat(client.calls()).isEqualTo(5);
        }
        assertThat(lab.calls()).containsEntry("POST /access/ticket", 2L).containsEntry("GET /version", 3L);
    }

    @Test
    void apiTokensNeedNoSignInAndAWrongOneIsA401() {
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.token(sim, lab), T, clock)) {
            String digest = client.guestConfig("pve1", type(101), 101, T).path("digest").asText();
            client.putGuestConfig("pve1", type(101), 101, Map.of("description", "by token"), digest, T);
            assertThat(client.calls()).isEqualTo(2);
        }
        assertThat(lab.calls()).doesNotContainKey("POST /access/ticket");
        ClusterAccess wrong = SimClusters.access(sim, lab, false, Optional.of(sim.fingerprint()),
                new ClusterAccess.Credentials.ApiToken(lab.credentials().tokenId(), "00000000-0000-0000-0000-000000000000"));
        try (ProxmoxClient client = ProxmoxClient.open(wrong, T, clock)) {
            assertThatThrownBy(() -> client.version(T)).isInstanceOfSatisfying(ProxmoxException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void tlsIsCheckedAgainstTheCasUnlessPinnedOrInsecure() {
        ClusterAccess.Credentials pw = SimClusters.password(sim, lab).credentials();
        try (ProxmoxClient ca = ProxmoxClient.open(SimClusters.access(sim, lab, false, Optional.empty(), pw), T, clock)) {
            assertThatThrownBy(() -> ca.version(T)).isInstanceOfSatisfying(ProxmoxException.class,
                    e -> assertThat(e.status()).isZero());
        }
        String other = "AB:" + sim.fingerprint().substring(3).replace('A', 'B');
        try (ProxmoxClient pinnedWrong = ProxmoxClient.open(SimClusters.access(sim, lab, false, Optional.of(other), pw), T, clock)) {
            assertThatThrownBy(() -> pinnedWrong.version(T)).hasMessageContaining("failed");
        }
        try (ProxmoxClient insecure = ProxmoxClient.open(SimClusters.access(sim, lab, true, Optional.empty(), pw), T, clock)) {
            assertThat(insecure.version(T).path("version").asText()).isEqualTo("8.3.0");
        }
        assertThat(lab.calls()).containsEntry("GET /version", 1L);
    }

    @Test
    void aDeadOrSlowClusterFailsTheCallWithinItsTimeout() {
        try (ProxmoxClient client = ProxmoxClient.open(SimClusters.token(sim, lab), T, clock)) {
            lab.setFault(Fault.slow(Duration.ofSeconds(5)));
            assertThatThrownBy(() -> client.version(Duration.ofMillis(300))).hasMessageContaining("timed out");
            lab.setFault(Fault.down());
            assertThatThrownBy(() -> client.version(T)).isInstanceOfSatisfying(ProxmoxException.class,
                    e -> assertThat(e.status()).isZero());
        }
    }

    private static String type(int vmid) {
        return lab.guest(vmid).orElseThrow().type().api();
    }
}
