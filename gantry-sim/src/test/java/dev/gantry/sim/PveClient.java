package dev.gantry.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain HTTPS client for one simulated cluster, trusting only the simulator's certificate, signing in
 * the way Proxmox clients do: a ticket cookie plus CSRF header, or an API token.
 */
final class PveClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, JsonNode body) {
        JsonNode data() {
            return body.get("data");
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private String ticket;
    private String csrf;
    private String token;
    private boolean encodeCookie = true;

    PveClient(ProxmoxSim sim, SimCluster cluster) throws Exception {
        this(sim, cluster, Duration.ofSeconds(30));
    }

    /** {@code timeout}: how long a request may take; connecting (TCP and TLS) may take 30 s on a busy machine. */
    PveClient(ProxmoxSim sim, SimCluster cluster, Duration timeout) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("sim", sim.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build();
        this.base = URI.create("https://127.0.0.1:" + cluster.port() + "/api2/json");
        this.timeout = timeout;
    }

    /** Signs in with the password; keeps the ticket and CSRF token for later calls. */
    Reply login(String user, String password) throws Exception {
        Reply reply = send("POST", "/access/ticket", Map.of("username", user, "password", password));
        if (reply.status() == 200) {
            ticket = reply.data().get("ticket").asText();
            csrf = reply.data().get("CSRFPreventionToken").asText();
        }
        return reply;
    }

    PveClient useTicket(String ticket, String csrf) {
        this.ticket = ticket;
        this.csrf = csrf;
        return this;
    }

    /** Send the ticket cookie as is rather than percent-encoded; clients do both. */
    PveClient rawCookie() {
        this.encodeCookie = false;
        return this;
    }

    PveClient useToken(String header) {
        this.token = header;
        return this;
    }

    String ticket() {
        return ticket;
    }

    String csrf() {
        return csrf;
    }

    Reply get(String path) throws Exception {
        return send("GET", path, Map.of());
    }

    Reply post(String path, Map<String, String> form) throws Exception {
        return send("POST", path, form);
    }

    Reply put(String path, Map<String, String> form) throws Exception {
        return send("PUT", path, form);
    }

    /** A PUT with a JSON body, as newer clients send (pveproxy takes both encodings). */
    Reply putJson(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method("PUT", HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    /** Like a client that lost its CSRF token: the ticket cookie alone. */
    Reply postWithoutCsrf(String path, Map<String, String> form) throws Exception {
        String kept = csrf;
        csrf = null;
        try {
            return post(path, form);
        } finally {
            csrf = kept;
        }
    }

    HttpResponse<byte[]> raw(String method, String path, Map<String, String> form) throws Exception {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(encoded))
                    .header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (token != null) {
            request.header("Authorization", token);
        }
        if (ticket != null) {
            request.header("Cookie", "PVEAuthCookie="
                    + (encodeCookie ? URLEncoder.encode(ticket, StandardCharsets.UTF_8) : ticket));
        }
        if (csrf != null && !method.equals("GET")) {
            request.header("CSRFPreventionToken", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Reply send(String method, String path, Map<String, String> form) throws Exception {
        HttpResponse<byte[]> response = raw(method, path, new LinkedHashMap<>(form));
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }
}
