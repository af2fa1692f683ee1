package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private final SimClock clock = new SimClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ProxmoxSim sim;
    private SimCluster lab;
    private PveClient client;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().clock(clock).cluster(new ClusterSpec("lab", 2, 5, 7)).start();
        lab = sim.cluster("lab");
        client = new PveClient(sim, lab);
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void aPasswordGetsATicketAndCsrfTokenInProxmoxsShapeThatOpenTheApi() throws Exception {
        PveClient.Reply login = client.login("root@pam", "simulated");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.data().get("username").asText()).isEqualTo("root@pam");
        assertThat(login.data().get("clustername").asText()).isEqualTo("lab");
        String hexNow = String.format("%08X", clock.instant().getEpochSecond());
        assertThat(login.data().get("ticket").asText()).startsWith("PVE:root@pam:" + hexNow + "::");
        assertThat(login.data().get("CSRFPreventionToken").asText()).startsWith(hexNow + ":");
        PveClient.Reply version = client.get("/version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body().toString())
                .isEqualTo("{\"data\":{\"version\":\"8.3.0\",\"release\":\"8.3\",\"repoid\":\"c1689ccb1065a83b\"}}");
    }

    @Test
    void theTicketCookieWorksPercentEncodedOrAsIs() throws Exception {
        client.login("root@pam", "simulated");

        PveClient raw = new PveClient(sim, lab).rawCookie().useTicket(client.ticket(), client.csrf());

        assertThat(client.get("/nodes").status()).isEqualTo(200);
        assertThat(raw.get("/nodes").status()).isEqualTo(200);
        assertThat(client.ticket()).as("base64 that a form decoder would break").containsAnyOf("+", "/");
    }

    @Test
    void theUserNameMayComeWithoutRealmAndTheRealmApart() throws Exception {
        PveClient.Reply login = client.post("/access/ticket",
                Map.of("username", "root", "realm", "pam", "password", "simulated"));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.data().get("username").asText()).isEqualTo("root@pam");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureWithoutTicket() throws Exception {
        PveClient.Reply login = client.login("root@pam", "wrong");

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body().toString()).isEqualTo("{\"data\":null,\"message\":\"authentication failure\"}");
        assertThat(client.ticket()).isNull();
    }

    @Test
    void withoutCredentialsEveryPathButTheTicketIs401NoTicket() throws Exception {
        PveClient.Reply reply = client.get("/cluster/resources");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().toString()).isEqualTo("{\"data\":null,\"message\":\"No ticket\"}");
    }

    @Test
    void aWriteWithTheTicketButWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        client.login("root@pam", "simulated");
        GuestView before = stoppedGuest();

        PveClient.Reply reply = client.postWithoutCsrf(
                "/nodes/" + before.node() + "/" + before.type().api() + "/" + before.vmid() + "/status/start", Map.of());
        clock.advance(Duration.ofMinutes(1));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("message").asText()).isEqualTo("Permission denied - invalid csrf token");
        assertThat(lab.guest(before.vmid()).orElseThrow().status()).isEqualTo("stopped");
    }

    @Test
    void aCsrfTokenOfAnotherUsersTicketDoesNotCount() throws Exception {
        client.login("root@pam", "simulated");
        String forged = String.format("%08X", clock.instant().getEpochSecond()) + ":AAAA";
        client.useTicket(client.ticket(), forged);
        GuestView guest = stoppedGuest();

        PveClient.Reply reply = client.post(
                "/nodes/" + guest.node() + "/" + guest.type().api() + "/" + guest.vmid() + "/status/start", Map.of());

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void aTicketExpiresAfterTwoHours() throws Exception {
        client.login("root@pam", "simulated");
        clock.advance(Duration.ofMinutes(119));
        assertThat(client.get("/nodes").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        PveClient.Reply expired = client.get("/nodes");

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().get("message").asText()).isEqualTo("invalid PVE ticket");
    }

    @Test
    void aValidTicketInPlaceOfThePasswordRenewsItForTwoMoreHours() throws Exception {
        client.login("root@pam", "simulated");
        String first = client.ticket();
        clock.advance(Duration.ofMinutes(90));

        PveClient.Reply renewed = client.login("root@pam", first);
        clock.advance(Duration.ofMinutes(60));

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(client.get("/nodes").status()).isEqualTo(200);
        assertThat(new PveClient(sim, lab).useTicket(first, null).get("/nodes").status()).isEqualTo(401);
        assertThat(client.login("root@pam", first).status()).as("an expired ticket renews nothing").isEqualTo(401);
    }

    @Test
    void anApiTokenReadsAndWritesWithoutTicketOrCsrf() throws Exception {
        client.useToken(lab.credentials().tokenHeader());
        GuestView guest = stoppedGuest();

        PveClient.Reply read = client.get("/cluster/resources?type=node");
        PveClient.Reply write = client.post(
                "/nodes/" + guest.node() + "/" + guest.type().api() + "/" + guest.vmid() + "/status/start", Map.of());

        assertThat(read.status()).isEqualTo(200);
        assertThat(lab.credentials().tokenHeader()).matches("PVEAPIToken=root@pam!gantry=[0-9a-f-]{36}");
        assertThat(write.status()).isEqualTo(200);
        assertThat(write.data().asText()).endsWith(":root@pam!gantry:");
    }

    @Test
    void aWrongTokenSecretIs401() throws Exception {
        client.useToken("PVEAPIToken=root@pam!gantry=00000000-0000-4000-8000-000000000000");

        PveClient.Reply reply = client.get("/nodes");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("message").asText()).isEqualTo("invalid token value!");
    }

    @Test
    void theTokenSecretAndTicketKeyFollowTheSeed() throws Exception {
        try (ProxmoxSim again = ProxmoxSim.builder().clock(clock).cluster(new ClusterSpec("lab", 2, 5, 7)).start();
             ProxmoxSim other = ProxmoxSim.builder().clock(clock).cluster(new ClusterSpec("lab", 2, 5, 8)).start()) {
            assertThat(again.cluster("lab").credentials()).isEqualTo(lab.credentials());
            assertThat(other.cluster("lab").credentials().tokenSecret()).isNotEqualTo(lab.credentials().tokenSecret());
        }
    }

    private GuestView stoppedGuest() {
        for (int vmid = 100; vmid < 110; vmid++) {
            GuestView g = lab.guest(vmid).orElseThrow();
            if (g.status().equals("stopped")) {
                return g;
            }
        }
        throw new AssertionError("seed 7 has no stopped guest among 10");
    }
}
