package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class DevCommandTest {
    @Test
    void proxmoxSimServesUntilStoppedAndAnswersVersionWithTheTokenItPrinted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<Cli.Run> run = new AtomicReference<>();
        Thread serving = Thread.ofVirtual().start(() -> run.set(Cli.run(out, err,
                "dev", "proxmox-sim", "--port", "0", "--name", "demo", "--nodes", "2", "--vms-per-node", "4",
                "--seed", "9")));

        String printed = awaitLine(out, "Token");
        Matcher url = Pattern.compile("URL:\\s+(https://127\\.0\\.0\\.1:\\d+/api2/json)").matcher(printed);
        Matcher fingerprint = Pattern.compile("Fingerprint:\\s+([0-9A-F:]{95})").matcher(printed);
        Matcher token = Pattern.compile("Token:\\s+(PVEAPIToken=root@pam!gantry=[0-9a-f-]{36})").matcher(printed);
        assertThat(url.find() && fingerprint.find() && token.find()).as(printed).isTrue();
        assertThat(printed).contains("demo (2 nodes, 8 guests, seed 9)");

        HttpResponse<String> version = pinned(fingerprint.group(1)).send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "/version")).header("Authorization", token.group(1))
                        .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = pinned(fingerprint.group(1)).send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "/version")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(version.body()).path("data").path("release").asText()).isEqualTo("8.3");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        serving.interrupt();
        serving.join(Duration.ofSeconds(30));
        assertThat(run.get().exit()).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aTakenPortFailsWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Run run = Cli.run("dev", "proxmox-sim", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exit()).isEqualTo(Gantry.EXIT_FAILED);
            assertThat(run.err()).startsWith("gantry: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void noNodesIsAUsageError() {
        Cli.Run run = Cli.run("dev", "proxmox-sim", "--nodes", "0");

        assertThat(run.exit()).isEqualTo(Gantry.EXIT_USAGE);
        assertThat(run.err()).startsWith("gantry: nodes must be 1-1000, not 0\n");
    }

    /** Waits for the line starting with {@code label} and returns everything printed so far. */
    private static String awaitLine(StringWriter out, String label) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String text = out.toString();
            if (text.lines().anyMatch(l -> l.startsWith(label))) {
                return text;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + label + " line in: " + out);
    }

    /** A client that trusts exactly the certificate with this SHA-256 fingerprint, as one pins a Proxmox host. */
    private static HttpClient pinned(String fingerprint) throws Exception {
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    String seen = HexFormat.ofDelimiter(":").withUpperCase()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!seen.equals(fingerprint)) {
                        throw new CertificateException("fingerprint " + seen + " is not the pinned one");
                    }
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no client certificates here");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {pin}, null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build();
    }
}
