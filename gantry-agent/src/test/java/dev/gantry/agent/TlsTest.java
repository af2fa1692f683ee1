package dev.gantry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.common.http.ListenerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and client-certificate TLS on the TCP listener, with a CA and certificates made by openssl. */
class TlsTest {
    @TempDir
    static Path pki;

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + "\n" + out).isTrue();
    }

    /** A P-256 key (PKCS#8) and a certificate for {@code name} signed by the test CA. */
    private static void leaf(String name, String ext) throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        java.nio.file.Files.writeString(pki.resolve(name + ".ext"), ext);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-subj", "/CN=gantry test CA", "-days", "2", "-out", "ca.crt");
        leaf("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        leaf("client", "extendedKeyUsage=clientAuth\n");
        openssl("pkcs12", "-export", "-in", "client.crt", "-inkey", "client.key", "-passout", "pass:test",
                "-out", "client.p12");
    }

    private static SslContextFactory.Client client(boolean withCertificate) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (var in = java.nio.file.Files.newInputStream(pki.resolve("ca.crt"))) {
                trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            ssl.setTrustStore(trust);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (withCertificate) {
            ssl.setKeyStorePath(pki.resolve("client.p12").toString());
            ssl.setKeyStorePassword("test");
            ssl.setKeyStoreType("PKCS12");
        }
        return ssl;
    }

    @Test
    void tcpServesHttpsWithThePemCertificate(@TempDir Path dir) throws Exception {
        var tls = new ListenerSpec.TlsFiles(pki.resolve("server.crt"), pki.resolve("server.key"), Optional.empty());
        try (TestAgent agent = new TestAgent(dir, new MutableClock(), Optional.of(tls), client(false))) {
            assertThat(agent.listeners().getLast().tls()).isTrue();
            TestAgent.Response r = agent.tcp("GET", "/api/v1/agent", null, null);
            assertThat(r.status()).isEqualTo(401);
        }
    }

    @Test
    void withAClientCaOnlyClientsWithItsCertificateGetThrough(@TempDir Path dir) throws Exception {
        var tls = new ListenerSpec.TlsFiles(pki.resolve("server.crt"), pki.resolve("server.key"),
                Optional.of(pki.resolve("ca.crt")));
        try (TestAgent withCert = new TestAgent(dir.resolve("a"), new MutableClock(), Optional.of(tls), client(true))) {
            assertThat(withCert.listeners().getLast().clientCertificates()).isTrue();
            String token = withCert.unix("POST", "/api/v1/tokens", "{\"name\":\"t\",\"scopes\":[\"*\"]}")
                    .json().get("token").asText();
            assertThat(withCert.tcp("GET", "/api/v1/agent", null, token).status()).isEqualTo(200);
        }
        try (TestAgent noCert = new TestAgent(dir.resolve("b"), new MutableClock(), Optional.of(tls), client(false))) {
            assertThatThrownBy(() -> noCert.tcp("GET", "/api/v1/agent", null, null))
                    .hasStackTraceContaining("SSL");
        }
    }
}
