package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gantry presents a client certificate (--cert, --key) to an agent whose TCP listener demands one
 * (TLSClientCA). Certificates come from a test CA made with openssl; each test runs its own agent.
 */
class ClientCertificateTest {
    private static final String CLIENT_EXTENSIONS = "extendedKeyUsage=clientAuth\n";

    @TempDir
    static Path certificates;
    @TempDir
    static Path otherCertificates;
    private static TestPki pki;
    /** The same kind of client certificate, from a CA the agent does not know. */
    private static TestPki otherPki;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(certificates);
        pki.leaf("client-rsa", CLIENT_EXTENSIONS, "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        pki.leaf("client-ed25519", CLIENT_EXTENSIONS, "ED25519");
        pki.openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        pki.openssl("pkcs8", "-topk8", "-in", "client.key", "-passout", "pass:secret", "-out", "client-encrypted.key");
        otherPki = TestPki.create(otherCertificates);
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "client-rsa", "client-ed25519"})
    void withCertAndKeyACommandSucceeds(String client) throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, pki.tomlWithClientCa())) {
            String token = agent.token("reader", "*:read");

            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token), https(agent, "--cert", file(client + ".crt"),
                    "--key", file(client + ".key"), "agent", "info"));

            assertThat(run.exit()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).contains(" tls client-certificates\n");
        }
    }

    @Test
    void gantryCertAndGantryKeyStandInForTheOptionsWhichWin() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, pki.tomlWithClientCa())) {
            String token = agent.token("reader", "*:read");
            Map<String, String> fromVariables = Map.of("GANTRY_TOKEN", token,
                    "GANTRY_CERT", file("client.crt"), "GANTRY_KEY", file("client.key"));
            Map<String, String> overridden = Map.of("GANTRY_TOKEN", token, "GANTRY_CERT",
                    dir.resolve("missing.crt").toString(), "GANTRY_KEY", dir.resolve("missing.key").toString());

            Cli.Run variables = Cli.run(fromVariables, https(agent, "jobs", "list"));
            Cli.Run options = Cli.run(overridden, https(agent, "--cert", file("client.crt"),
                    "--key", file("client.key"), "jobs", "list"));

            assertThat(variables.exit()).as(variables.err()).isZero();
            assertThat(variables.out()).startsWith("ID ");
            assertThat(options.exit()).as(options.err()).isZero();
        }
    }

    @Test
    void gantryCertAndGantryKeyAreIgnoredOnTheSocketLikeGantryToken() throws Exception {
        try (TestAgent agent = TestAgent.start(dir)) {
            Cli.Run run = Cli.run(Map.of("GANTRY_CERT", dir.resolve("missing.crt").toString(), "GANTRY_KEY", "x"),
                    "--socket", agent.socket.toString(), "agent", "info");

            assertThat(run.exit()).as(run.err()).isZero();
        }
    }

    @Test
    void withoutACertificateTheHandshakeFailsAndExitsThreeSayingWhatToPass() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, pki.tomlWithClientCa())) {
            String token = agent.token("reader", "*:read");

            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token), https(agent, "agent", "info"));

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("""
                    gantry: cannot reach gantryd at %s: the agent requires a client certificate: use --cert and --key
                    gantry: a certificate the agent's TLSClientCA signed, and its key (PKCS#8 PEM); \
                    or set GANTRY_CERT and GANTRY_KEY
                    """.formatted(agent.url("https")));
        }
    }

    @Test
    void aCertificateTheAgentsCaDidNotSignIsRefusedAndExitsThree() throws Exception {
        try (TestAgent agent = TestAgent.withTcp(dir, pki.tomlWithClientCa())) {
            String token = agent.token("reader", "*:read");

            Cli.Run run = Cli.run(Map.of("GANTRY_TOKEN", token), https(agent,
                    "--cert", otherPki.file("client.crt").toString(), "--key", otherPki.file("client.key").toString(),
                    "agent", "info"));

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_UNREACHABLE);
            assertThat(run.err()).startsWith("gantry: cannot reach gantryd at " + agent.url("https")
                            + ": the agent refused the client certificate (TLS alert ")
                    .endsWith("\ngantry: the agent accepts certificates its TLSClientCA signed, unexpired and for "
                            + "client authentication; check --cert (or GANTRY_CERT)\n")
                    .hasLineCount(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.key", "client-rsa.key"})
    void aKeyThatIsNotTheCertificatesIsAUsageError(String key) {
        Cli.Run run = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", file(key), "agent", "info");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).isEqualTo("""
                gantry: --key %s: this key does not belong to the certificate in --cert %s
                gantry: see 'gantry --help'
                """.formatted(file(key), file("client.crt")));
    }

    @Test
    void aKeyInAnotherPemFormatIsAUsageErrorWithTheOpensslCommandThatConvertsIt() {
        Cli.Run sec1 = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", file("client-sec1.key"), "agent", "info");
        Cli.Run encrypted = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", file("client-encrypted.key"), "agent", "info");

        assertThat(sec1.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(sec1.err()).startsWith("gantry: --key " + file("client-sec1.key") + ": BEGIN EC PRIVATE KEY is no "
                + "PKCS#8 key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW\n");
        assertThat(encrypted.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(encrypted.err()).startsWith("gantry: --key " + file("client-encrypted.key")
                + ": BEGIN ENCRYPTED PRIVATE KEY is no PKCS#8 key (BEGIN PRIVATE KEY); convert it with: "
                + "openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW\n");
    }

    @Test
    void aFileThatHoldsNoKeyOrNoCertificateIsAUsageError() {
        Cli.Run noKey = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", file("client.crt"), "agent", "info");
        Cli.Run noCertificate = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.key"),
                "--key", file("client.key"), "agent", "info");

        assertThat(noKey.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(noKey.err()).startsWith("gantry: --key " + file("client.crt") + ": no PEM private key in it");
        assertThat(noCertificate.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(noCertificate.err()).startsWith("gantry: --cert " + file("client.key") + ": ");
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("client.key");

        Cli.Run key = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", missing.toString(), "agent", "info");
        Cli.Run cert = Cli.run(Map.of("GANTRY_CERT", missing.toString(), "GANTRY_KEY", file("client.key")),
                "--url", "https://127.0.0.1:1", "agent", "info");

        assertThat(key.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(key.err()).isEqualTo("gantry: --key " + missing + ": cannot read it (no such file)\n"
                + "gantry: see 'gantry --help'\n");
        assertThat(cert.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(cert.err()).startsWith("gantry: GANTRY_CERT " + missing + ": cannot read it (no such file)\n");
    }

    @Test
    void certWithoutKeyOrKeyWithoutCertIsAUsageError() {
        Cli.Run certOnly = Cli.run("--url", "https://127.0.0.1:1", "--cert", file("client.crt"), "agent", "info");
        Cli.Run keyOnly = Cli.run("--url", "https://127.0.0.1:1", "--key", file("client.key"), "agent", "info");
        Cli.Run variableOnly = Cli.run(Map.of("GANTRY_CERT", file("client.crt")),
                "--url", "https://127.0.0.1:1", "agent", "info");

        assertThat(certOnly.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(certOnly.err()).isEqualTo("gantry: give both --cert and --key, or neither\n"
                + "gantry: see 'gantry --help'\n");
        assertThat(keyOnly.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(keyOnly.err()).startsWith("gantry: give both --cert and --key, or neither\n");
        assertThat(variableOnly.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(variableOnly.err()).startsWith("gantry: set both GANTRY_CERT and GANTRY_KEY, or neither\n");
    }

    @Test
    void certAndKeyWithoutAnHttpsUrlAreUsageErrors() {
        Cli.Run onSocket = Cli.run("--cert", file("client.crt"), "--key", file("client.key"), "agent", "info");
        Cli.Run onHttp = Cli.run("--url", "http://127.0.0.1:1", "--cert", file("client.crt"),
                "--key", file("client.key"), "agent", "info");

        assertThat(onSocket.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(onSocket.err()).startsWith("gantry: --cert and --key apply to an https --url\n");
        assertThat(onHttp.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(onHttp.err()).startsWith("gantry: --cert and --key apply to an https --url\n");
    }

    /** Arguments for the agent's https URL, trusting the test CA, followed by {@code args}. */
    private static String[] https(TestAgent agent, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", agent.url("https"), "--cacert", file("ca.crt")));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** A file of the test CA's, e.g. client.crt. */
    private static String file(String name) {
        return pki.file(name).toString();
    }
}
