package dev.gantry.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private ProxmoxSim sim;
    private SimCluster east;
    private SimCluster west;
    private PveClient eastClient;
    private PveClient westClient;

    @BeforeEach
    void start() throws Exception {
        sim = ProxmoxSim.builder().cluster(new ClusterSpec("east", 2, 3, 1)).cluster(new ClusterSpec("west", 2, 3, 2))
                .start();
        east = sim.cluster("east");
        west = sim.cluster("west");
        eastClient = new PveClient(sim, east);
        westClient = new PveClient(sim, west);
        eastClient.useToken(east.credentials().tokenHeader());
        westClient.useToken(west.credentials().tokenHeader());
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
    }

    @Test
    void eachClusterHasItsOwnPortAndCredentials() throws Exception {
        assertThat(east.port()).isNotEqualTo(west.port());
        assertThat(eastClient.get("/cluster/status").data().get(0).get("name").asText()).isEqualTo("east");
        assertThat(westClient.get("/cluster/status").data().get(0).get("name").asText()).isEqualTo("west");
        assertThat(new PveClient(sim, west).useToken(east.credentials().tokenHeader()).get("/nodes").status())
                .isEqualTo(401);
    }

    @Test
    void aDownClusterRefusesConnectionsUntilClearedAndTheOthersGoOn() throws Exception {
        int port = east.port();
        east.setFault(Fault.down());

        assertThatThrownBy(() -> eastClient.get("/version")).isInstanceOf(ConnectException.class);
        assertThat(westClient.get("/version").status()).isEqualTo(200);

        east.setFault(Fault.none());
        assertThat(east.port()).isEqualTo(port);
        assertThat(eastClient.get("/version").status()).isEqualTo(200);
    }

    @Test
    void goingDownDropsConnectionsAlreadyOpen() throws Exception {
        assertThat(eastClient.get("/version").status()).as("a connection now in the client's pool").isEqualTo(200);

        east.setFault(Fault.down());

        assertThatThrownBy(() -> eastClient.get("/version")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aSlowClusterAnswersLaterThanAClientWaits() throws Exception {
        PveClient impatient = new PveClient(sim, east, Duration.ofSeconds(2))
                .useToken(east.credentials().tokenHeader());
        assertThat(impatient.get("/version").status()).as("connected before the fault").isEqualTo(200);
        east.setFault(Fault.slow(Duration.ofSeconds(20)));

        assertThatThrownBy(() -> impatient.get("/version")).isInstanceOf(HttpTimeoutException.class);
        assertThat(westClient.get("/version").status()).isEqualTo(200);
        east.setFault(Fault.slow(Duration.ofMillis(10)));
        assertThat(eastClient.get("/version").status()).isEqualTo(200);
    }

    @Test
    void anUnauthorizedClusterRefusesTokensAndPasswords() throws Exception {
        east.setFault(Fault.unauthorized());

        PveClient.Reply read = eastClient.get("/nodes");
        PveClient.Reply login = new PveClient(sim, east).login("root@pam", "simulated");

        assertThat(read.status()).isEqualTo(401);
        assertThat(read.body().get("message").asText()).isEqualTo("invalid PVE ticket");
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.body().get("message").asText()).isEqualTo("authentication failure");
        east.setFault(Fault.none());
        assertThat(eastClient.get("/nodes").status()).isEqualTo(200);
    }

    @Test
    void aFailingClusterAnswers500AndChangesNothing() throws Exception {
        GuestView guest = east.guest(100).orElseThrow();
        east.setFault(Fault.serverError());

        PveClient.Reply reply = eastClient.post(ActionsTest.path(guest) + "/status/"
                + (guest.status().equals("running") ? "stop" : "start"), Map.of());

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body().toString())
                .isEqualTo("{\"data\":null,\"message\":\"simulated failure of cluster east\\n\"}");
        east.setFault(Fault.none());
        assertThat(eastClient.get("/nodes/" + guest.node() + "/tasks").status()).isEqualTo(501);
        assertThat(east.guest(100).orElseThrow().status()).isEqualTo(guest.status());
    }

    @Test
    void callsAreCountedPerPathTemplateAndCluster() throws Exception {
        eastClient.get("/nodes");
        eastClient.get("/nodes/pve1/qemu");
        eastClient.get("/nodes/pve2/qemu");
        eastClient.get("/nodes/pve1/nothing");
        east.setFault(Fault.serverError());
        eastClient.get("/cluster/resources");

        assertThat(east.calls()).isEqualTo(Map.of("GET /nodes", 1L, "GET /nodes/{node}/qemu", 2L,
                "GET (no such path)", 1L, "GET /cluster/resources", 1L));
        assertThat(east.totalCalls()).isEqualTo(5);
        assertThat(west.totalCalls()).isZero();
        east.resetCalls();
        assertThat(east.calls()).isEmpty();
    }

    @Test
    void theCertificatePresentedIsTheOneWhoseFingerprintTheSimulatorGives() throws Exception {
        SSLSession session = eastClient.raw("GET", "/version", Map.of()).sslSession().orElseThrow();

        byte[] der = session.getPeerCertificates()[0].getEncoded();
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(fingerprint).isEqualTo(sim.fingerprint()).isEqualTo(east.fingerprint());
        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
