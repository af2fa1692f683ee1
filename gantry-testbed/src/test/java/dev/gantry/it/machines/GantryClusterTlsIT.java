package dev.gantry.it.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.inventory.ClusterReading;
import dev.gantry.server.providers.gantry.GantrySource;
import dev.gantry.testbed.AgentBox;
import dev.gantry.testbed.AgentHttp;
import dev.gantry.testbed.SystemdBox;
import dev.gantry.testbed.WithAgentBox;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GantrySource} against a real gantryd whose TCP listener has TLS and {@code TLSClientCA}:
 * the cluster's fingerprint pin, and the endpoint's client certificate presented with its token.
 * The certificates are made by openssl in the box; the agent's is signed by a CA the JDK does not know.
 */
@WithAgentBox
class GantryClusterTlsIT {
    private static final String TLS = "/etc/gantry/tls";
    private static TcpForward forward;
    private static String token;
    private static String agentFingerprint;
    private static String clientIdentity;

    @BeforeAll
    static void tlsListenerWithClientCa(AgentBox agent) throws Exception {
        SystemdBox box = agent.box();
        box.exec("sh", "-ec", """
                mkdir -p %1$s && cd %1$s
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
                    -subj /CN=test-ca -days 2 -out ca.crt
                for name in agent client; do
                    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $name.key
                    openssl req -new -key $name.key -subj /CN=$name -out $name.csr
                    openssl x509 -req -in $name.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out $name.crt
                done
                chown gantry agent.key
                """.formatted(TLS)).orThrow();
        agent.configure("""
                [Network]
                Listen = "127.0.0.1:5208"
                ListenUnixSocket = true
                TLSCertificate = "%1$s/agent.crt"
                TLSKey = "%1$s/agent.key"
                TLSClientCA = "%1$s/ca.crt"
                """.formatted(TLS));
        forward = TcpForward.intoBox(box, "127.0.0.1:5208");
        AgentHttp.Response created = agent.http().post("/api/v1/tokens", """
                {"name": "gantry-server", "scopes": ["agent:read", "proc:read", "machines:read"]}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        token = Json.mapper().readTree(created.body()).get("token").asText();
        // As openssl prints it: SHA256 Fingerprint=AB:CD:…
        agentFingerprint = box.exec("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", TLS + "/agent.crt")
                .orThrow().stdout().strip().replaceFirst("^.*=", "");
        clientIdentity = box.readFile(TLS + "/client.crt") + box.readFile(TLS + "/client.key");
    }

    @AfterAll
    static void stopForwarding() throws Exception {
        forward.close();
    }

    private static ClusterReading read(Optional<String> fingerprint, Optional<String> certificate) throws Exception {
        ClusterAccess.AgentEndpoint endpoint = new ClusterAccess.AgentEndpoint(
                URI.create("https://127.0.0.1:" + forward.port()), Optional.of(token), certificate);
        ClusterAccess cluster = new ClusterAccess("lab", ClusterAccess.Kind.GANTRY, endpoint.url(), false, fingerprint,
                new ClusterAccess.Credentials.Agents(List.of(endpoint)), Optional.empty(), Optional.empty(),
                List.of(), List.of(), 1.0);
        return new GantrySource(Duration.ofSeconds(10), Clock.systemUTC()).read(cluster, Duration.ofSeconds(20));
    }

    @Test
    void thePinnedAgentWithTheClientCertificateAndTokenIsRead(AgentBox agent) throws Exception {
        ClusterReading reading = read(Optional.of(agentFingerprint), Optional.of(clientIdentity));

        assertThat(reading.nodes()).hasSize(1);
        assertThat(reading.nodes().getFirst().status()).isEqualTo("online");
        assertThat(reading.nodes().getFirst().cpus()).isEqualTo(Integer.parseInt(agent.box().exec("nproc", "--all").out()));
        assertThat(reading.calls()).isEqualTo(8);
    }

    @Test
    void aWrongPinFailsTheReadNamingBothFingerprints() {
        String wrong = "00:" + agentFingerprint.substring(3);

        assertThatThrownBy(() -> read(Optional.of(wrong), Optional.of(clientIdentity)))
                .hasMessageContaining("agent https://127.0.0.1:" + forward.port())
                .hasMessageContaining("does not match the pinned " + wrong.replace(":", "").toLowerCase());
    }

    @Test
    void withoutPinningTheAgentsPrivateCaIsRefused() {
        assertThatThrownBy(() -> read(Optional.empty(), Optional.of(clientIdentity)))
                .hasMessageContaining("agent https://127.0.0.1:" + forward.port())
                .hasMessageContaining("PKIX");
    }

    @Test
    void withoutTheClientCertificateTheAgentRefusesTheHandshake() {
        assertThatThrownBy(() -> read(Optional.of(agentFingerprint), Optional.empty()))
                .hasMessageContaining("agent https://127.0.0.1:" + forward.port());
    }
}
