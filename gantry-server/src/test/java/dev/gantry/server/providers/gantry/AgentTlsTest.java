package dev.gantry.server.providers.gantry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.auth.BearerAuthenticator;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiServer;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Dispatcher;
import dev.gantry.common.http.ListenerSpec;
import dev.gantry.common.http.Routes;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.providers.Tls;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent client against gantryd's own TLS listener ({@link ApiServer} with the PEM files gantryd
 * reads), with a CA and certificates made by openssl: the cluster's {@code fingerprint} and
 * {@code insecure}, and client certificates. The agent's certificate is signed by a test CA the JDK
 * does not know, so without pinning or insecure it is refused, as a self-signed agent would be.
 */
class AgentTlsTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String TOKEN = "gantry_test_token";

    @TempDir
    static Path pki;
    static ApiServer agent;
    /** Listeners: TLS + token; TLS + client CA, no authentication; TLS + client CA + token (gantryd's mTLS). */
    static URI tls;
    static URI mutual;
    static URI mutualAndToken;

    record Who(String version, String caller) {
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + "\n" + out).isTrue();
    }

    /** A P-256 key (PKCS#8) and a certificate for {@code name} signed by {@code ca}. */
    private static void leaf(String name, String ca, String ext) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(pki.resolve(name + ".ext"), ext);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private static void ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-subj", "/CN=" + name, "-days", "2", "-out", name + ".crt");
    }

    @BeforeAll
    static void start() throws Exception {
        ca("ca");
        ca("stranger-ca");
        leaf("agent", "ca", "subjectAltName=DNS:agent.example\nextendedKeyUsage=serverAuth\n");
        leaf("client", "ca", "extendedKeyUsage=clientAuth\n");
        leaf("stranger", "stranger-ca", "extendedKeyUsage=clientAuth\n");
        ApiModule who = new ApiModule() {
            @Override
            public String name() {
                return "agent";
            }

            @Override
            public String description() {
                return "who is asking";
            }

            @Override
            public void register(Routes routes) {
                routes.get("/agent").returns(Who.class).handle(r -> new Who("test", r.caller().name()));
            }
        };
        Authenticator bearer = new BearerAuthenticator(t -> t.equals(TOKEN)
                ? Optional.of(new Caller("token-holder", Caller.Kind.TOKEN, Set.of(Caller.ALL))) : Optional.empty());
        var server = new ListenerSpec.TlsFiles(pki.resolve("agent.crt"), pki.resolve("agent.key"), Optional.empty());
        var clientCa = new ListenerSpec.TlsFiles(pki.resolve("agent.crt"), pki.resolve("agent.key"),
                Optional.of(pki.resolve("ca.crt")));
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        agent = ApiServer.start(new Dispatcher(new Routes("/api/v1").add(who).all()), List.of(
                new ListenerSpec.Tcp(any, Optional.of(server), bearer),
                new ListenerSpec.Tcp(any, Optional.of(clientCa), Authenticator.none()),
                new ListenerSpec.Tcp(any, Optional.of(clientCa), bearer)));
        tls = URI.create("https://" + agent.listeners().get(0).address());
        mutual = URI.create("https://" + agent.listeners().get(1).address());
        mutualAndToken = URI.create("https://" + agent.listeners().get(2).address());
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    private static X509Certificate certificate(String name) throws Exception {
        try (InputStream in = Files.newInputStream(pki.resolve(name + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** As Proxmox and openssl print it: upper-case pairs joined by colons. */
    private static String colons(String hex) {
        return String.join(":", hex.toUpperCase(Locale.ROOT).split("(?<=\\G..)"));
    }

    /** The chain and key in one PEM text, as the cluster's credentials carry it. */
    private static String identity(String name) throws Exception {
        return Files.readString(pki.resolve(name + ".crt")) + Files.readString(pki.resolve(name + ".key"));
    }

    private static ClusterAccess cluster(boolean insecure, Optional<String> fingerprint,
                                         ClusterAccess.AgentEndpoint endpoint) {
        return new ClusterAccess("lab", ClusterAccess.Kind.GANTRY, endpoint.url(), insecure, fingerprint,
                new ClusterAccess.Credentials.Agents(List.of(endpoint)), Optional.empty(), Optional.empty(),
                List.of(), List.of(), 1);
    }

    private static String callerOf(ClusterAccess cluster) {
        AtomicInteger calls = new AtomicInteger();
        var endpoint = ((ClusterAccess.Credentials.Agents) cluster.credentials()).agents().getFirst();
        try (AgentClient client = AgentClient.open(cluster, endpoint, T, calls)) {
            var answer = client.get("/agent");
            assertThat(answer.path("version").asText()).isEqualTo("test");
            assertThat(calls.get()).isEqualTo(1);
            return answer.path("caller").asText();
        }
    }

    private static ClusterAccess.AgentEndpoint token(URI url) {
        return new ClusterAccess.AgentEndpoint(url, Optional.of(TOKEN), Optional.empty());
    }

    private static ClusterAccess.AgentEndpoint certificate(URI url, String name) throws Exception {
        return new ClusterAccess.AgentEndpoint(url, Optional.empty(), Optional.of(identity(name)));
    }

    @Test
    void thePinnedFingerprintOfTheAgentsCertificateReads() throws Exception {
        String pin = colons(Tls.sha256(certificate("agent")));

        assertThat(callerOf(cluster(false, Optional.of(pin), token(tls)))).isEqualTo("token-holder");
        assertThat(callerOf(cluster(false, Optional.of(pin.replace(":", "").toLowerCase(Locale.ROOT)), token(tls))))
                .isEqualTo("token-holder");
    }

    @Test
    void aWrongFingerprintFailsNamingTheAgentAndBothFingerprints() throws Exception {
        String agentPin = Tls.sha256(certificate("agent"));
        String otherPin = Tls.sha256(certificate("client"));

        assertThatThrownBy(() -> callerOf(cluster(false, Optional.of(colons(otherPin)), token(tls))))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("agent " + tls)
                .hasMessageContaining("certificate fingerprint " + agentPin + " does not match the pinned " + otherPin);
    }

    @Test
    void withoutPinningOrInsecureAnAgentTheJdkDoesNotTrustIsRefused() {
        assertThatThrownBy(() -> callerOf(cluster(false, Optional.empty(), token(tls))))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("agent " + tls)
                .hasMessageContaining("PKIX");
    }

    @Test
    void insecureReadsAnAgentWhateverItsCertificateAndName() {
        // The certificate names agent.example, the client dials 127.0.0.1: insecure skips both checks.
        assertThat(callerOf(cluster(true, Optional.empty(), token(tls)))).isEqualTo("token-holder");
    }

    @Test
    void aClientCertificateSignedByTheAgentsClientCaGetsThrough() throws Exception {
        assertThat(callerOf(cluster(true, Optional.empty(), certificate(mutual, "client"))))
                .isEqualTo("unauthenticated");
        String pin = Tls.sha256(certificate("agent"));
        assertThat(callerOf(cluster(false, Optional.of(pin), certificate(mutual, "client"))))
                .isEqualTo("unauthenticated");
    }

    @Test
    void withoutAClientCertificateOrWithAStrangersTheHandshakeFails() throws Exception {
        assertThatThrownBy(() -> callerOf(cluster(true, Optional.empty(), token(mutual))))
                .isInstanceOf(AgentException.class).hasMessageContaining("agent " + mutual);
        assertThatThrownBy(() -> callerOf(cluster(true, Optional.empty(), certificate(mutual, "stranger"))))
                .isInstanceOf(AgentException.class).hasMessageContaining("agent " + mutual);
    }

    @Test
    void gantrydsMutualTlsTakesTheCertificateAndTheTokenTogether() throws Exception {
        var both = new ClusterAccess.AgentEndpoint(mutualAndToken, Optional.of(TOKEN), Optional.of(identity("client")));
        assertThat(callerOf(cluster(true, Optional.empty(), both))).isEqualTo("token-holder");

        assertThatThrownBy(() -> callerOf(cluster(true, Optional.empty(), certificate(mutualAndToken, "client"))))
                .isInstanceOf(AgentException.class).hasMessageContaining("answered 401");
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        var noKey = new ClusterAccess.AgentEndpoint(mutual, Optional.empty(),
                Optional.of(Files.readString(pki.resolve("client.crt"))));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> AgentClient.open(cluster(true, Optional.empty(), noKey), noKey, T, calls))
                .isInstanceOf(AgentException.class)
                .hasMessageContaining("agent " + mutual)
                .hasMessageContaining("no PKCS#8 private key");
        assertThat(calls.get()).isZero();
    }
}
