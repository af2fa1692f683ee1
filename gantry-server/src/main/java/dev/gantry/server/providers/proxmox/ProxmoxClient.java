package dev.gantry.server.providers.proxmox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.gantry.common.json.Json;
import dev.gantry.server.clusters.ClusterAccess;
import dev.gantry.server.providers.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The Proxmox VE API of one cluster ({@code /api2/json}), for the crawler, power actions and
 * placement. Thread-safe; keep one per cluster so its ticket and connections are reused; close it.
 *
 * <p>Sign-in: with {@link ClusterAccess.Credentials.ApiToken} every call carries
 * {@code Authorization: PVEAPIToken=…}. With {@link ClusterAccess.Credentials.Password} the client
 * takes a ticket ({@code POST /access/ticket}, password in the form body, never in the URL), sends it
 * as cookie {@code PVEAuthCookie} and the CSRF token on writes. Tickets live two hours: after
 * {@link #RENEW_AFTER} the client renews it by signing in with the old ticket as password (as the web
 * UI does, so the password is sent once per process rather than once per hour); past
 * {@link #EXPIRES_AFTER} it signs in with the password again. A 401 on a ticket (the cluster
 * restarted, clocks disagree) signs in once more and repeats the call once.
 *
 * <p>Every call has a timeout: the client's {@code callTimeout}, or the one given. {@link #calls()}
 * counts HTTP requests, sign-ins included.
 */
public final class ProxmoxClient implements AutoCloseable {
    /** Proxmox tickets are valid for two hours; renew halfway, as proxmoxer and the web UI do. */
    static final Duration RENEW_AFTER = Duration.ofHours(1);
    /** Past this a ticket may already be refused: sign in with the password instead of renewing. */
    static final Duration EXPIRES_AFTER = Duration.ofMinutes(115);

    private final String name;
    private final URI base;
    private final ClusterAccess.Credentials credentials;
    private final Duration callTimeout;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicLong calls = new AtomicLong();
    private final Object signInLock = new Object();
    private volatile Ticket ticket;

    private record Ticket(String ticket, String csrf, Instant issued) {
    }

    private ProxmoxClient(ClusterAccess access, Duration callTimeout, Clock clock) {
        this.name = access.name();
        this.base = apiBase(access.url());
        this.credentials = access.credentials();
        this.callTimeout = callTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(Tls.context(access.insecure(), access.fingerprint()))
                .connectTimeout(callTimeout)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * A client for {@code access}, which must be a Proxmox cluster with password or token credentials.
     * Nothing is sent until the first call.
     *
     * @param callTimeout the longest any one HTTP call may take (connect included), unless a call says otherwise
     * @param clock       when tickets were issued (tests move it)
     */
    public static ProxmoxClient open(ClusterAccess access, Duration callTimeout, Clock clock) {
        if (access.kind() != ClusterAccess.Kind.PROXMOX) {
            throw new IllegalArgumentException("cluster " + access.name() + " is not a Proxmox cluster");
        }
        if (access.credentials() instanceof ClusterAccess.Credentials.Agents) {
            throw new IllegalArgumentException("cluster " + access.name() + " has agent credentials, not a Proxmox user or token");
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
        return new ProxmoxClient(access, callTimeout, clock);
    }

    /** {@code https://host:8006} or {@code …/api2/json}, with or without a trailing slash. */
    static URI apiBase(URI url) {
        String text = url.toString().replaceAll("/+$", "");
        if (!text.endsWith("/api2/json")) {
            text = text + "/api2/json";
        }
        return URI.create(text + "/");
    }

    public String cluster() {
        return name;
    }

    /** HTTP requests sent so far, sign-ins included. */
    public long calls() {
        return calls.get();
    }

    // The calls the crawler makes; power and placement use get/post/put with their own paths.

    public JsonNode version(Duration timeout) {
        return get("version", timeout);
    }

    public JsonNode clusterStatus(Duration timeout) {
        return get("cluster/status", timeout);
    }

    /** Nodes, guests and storages in one answer (no {@code type} filter). */
    public JsonNode clusterResources(Duration timeout) {
        return get("cluster/resources", timeout);
    }

    public JsonNode nodeStatus(String node, Duration timeout) {
        return get("nodes/" + segment(node) + "/status", timeout);
    }

    public JsonNode storageContent(String node, String storage, Duration timeout) {
        return get("nodes/" + segment(node) + "/storage/" + segment(storage) + "/content", timeout);
    }

    /** A guest's config, with its {@code digest}; {@code type} is qemu or lxc. */
    public JsonNode guestConfig(String node, String type, int vmid, Duration timeout) {
        return get(guestPath(node, type, vmid) + "/config", timeout);
    }

    /**
     * Sets config keys, guarded by {@code digest}: when the guest changed since that digest was read
     * Proxmox refuses and this throws a {@link ProxmoxException} whose {@link ProxmoxException#isDigestMismatch()}.
     */
    public void putGuestConfig(String node, String type, int vmid, Map<String, String> values, String digest,
                               Duration timeout) {
        Map<String, String> form = new LinkedHashMap<>(values);
        form.put("digest", digest);
        put(guestPath(node, type, vmid) + "/config", form, timeout);
    }

    public JsonNode get(String path) {
        return get(path, callTimeout);
    }

    public JsonNode get(String path, Duration timeout) {
        return call("GET", path, Map.of(), timeout);
    }

    /** A POST with form parameters; returns {@code data} (for actions, the task's UPID). */
    public JsonNode post(String path, Map<String, String> form) {
        return post(path, form, callTimeout);
    }

    public JsonNode post(String path, Map<String, String> form, Duration timeout) {
        return call("POST", path, form, timeout);
    }

    public JsonNode put(String path, Map<String, String> form, Duration timeout) {
        return call("PUT", path, form, timeout);
    }

    static String guestPath(String node, String type, int vmid) {
        if (!type.equals("qemu") && !type.equals("lxc")) {
            throw new IllegalArgumentException("guest type must be qemu or lxc, got " + type);
        }
        return "nodes/" + segment(node) + "/" + type + "/" + vmid;
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, Map<String, String> form, Duration timeout) {
        Duration limit = timeout.compareTo(callTimeout) < 0 ? timeout : callTimeout;
        if (limit.isNegative() || limit.isZero()) {
            throw new ProxmoxException("no time left for " + method + " " + path, null);
        }
        if (credentials instanceof ClusterAccess.Credentials.ApiToken token) {
            return send(request(method, path, form, limit)
                    .header("Authorization", "PVEAPIToken=" + token.tokenId() + "=" + token.secret()), method, path);
        }
        Ticket current = currentTicket(limit);
        try {
            return send(withTicket(request(method, path, form, limit), method, current), method, path);
        } catch (ProxmoxException e) {
            if (e.status() != 401) {
                throw e;
            }
            // The cluster no longer takes our ticket (restart, clock skew, revoked): one fresh sign-in, one retry.
            Ticket fresh = signIn(current, limit, false);
            return send(withTicket(request(method, path, form, limit), method, fresh), method, path);
        }
    }

    private HttpRequest.Builder request(String method, String path, Map<String, String> form, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (method.equals("GET") || method.equals("DELETE")) {
            return b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(formBody(form)));
    }

    private static HttpRequest.Builder withTicket(HttpRequest.Builder b, String method, Ticket t) {
        b.header("Cookie", "PVEAuthCookie=" + URLEncoder.encode(t.ticket(), StandardCharsets.UTF_8));
        if (!method.equals("GET")) {
            b.header("CSRFPreventionToken", t.csrf());
        }
        return b;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The ticket to use now: renewed or taken anew when it is old, by one thread while the others wait. */
    private Ticket currentTicket(Duration timeout) {
        Ticket t = ticket;
        if (t != null && age(t).compareTo(RENEW_AFTER) < 0) {
            return t;
        }
        return signIn(t, timeout, true);
    }

    private Duration age(Ticket t) {
        return Duration.between(t.issued(), clock.instant());
    }

    /**
     * Signs in unless another thread already replaced {@code stale}; renews with the old ticket while
     * it is fresh enough and was not just refused ({@code mayRenew}).
     */
    private Ticket signIn(Ticket stale, Duration timeout, boolean mayRenew) {
        synchronized (signInLock) {
            Ticket now = ticket;
            if (now != null && now != stale && age(now).compareTo(RENEW_AFTER) < 0) {
                return now;
            }
            ClusterAccess.Credentials.Password password = (ClusterAccess.Credentials.Password) credentials;
            Ticket renewed = null;
            if (mayRenew && stale != null && age(stale).compareTo(EXPIRES_AFTER) < 0) {
                try {
                    renewed = ticketFrom(password.user(), stale.ticket(), timeout);
                } catch (ProxmoxException e) {
                    if (e.status() != 401) {
                        throw e;
                    }
                    // refused (the cluster restarted with a new key): fall back to the password
                }
            }
            ticket = renewed != null ? renewed : ticketFrom(password.user(), password.password(), timeout);
            return ticket;
        }
    }

    private Ticket ticketFrom(String user, String secret, Duration timeout) {
        Instant issued = clock.instant();
        HttpRequest.Builder b = request("POST", "access/ticket", Map.of("username", user, "password", secret), timeout);
        JsonNode data = send(b, "POST", "access/ticket");
        String t = data.path("ticket").asText("");
        String csrf = data.path("CSRFPreventionToken").asText("");
        if (t.isEmpty() || csrf.isEmpty()) {
            throw new ProxmoxException(502, "cluster " + name + " answered the sign-in without a ticket");
        }
        return new Ticket(t, csrf, issued);
    }

    private JsonNode send(HttpRequest.Builder builder, String method, String path) {
        calls.incrementAndGet();
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProxmoxException(method + " " + path + " on cluster " + name + " timed out", e);
        } catch (IOException e) {
            throw new ProxmoxException(method + " " + path + " on cluster " + name + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxmoxException(method + " " + path + " on cluster " + name + " interrupted", e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String message = body.path("message").asText("").strip();
            if (message.isEmpty()) {
                message = "HTTP " + response.statusCode();
            }
            if (body.path("errors").isObject()) {
                message = message + " " + body.path("errors");
            }
            throw new ProxmoxException(response.statusCode(), method + " " + path + " on cluster " + name + ": " + message);
        }
        return body.path("data").isMissingNode() ? NullNode.getInstance() : body.path("data");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }

    /** The innermost cause names what went wrong (connection refused, certificate mismatch). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage();
        return text == null ? root.getClass().getSimpleName() : text;
    }

    @Override
    public void close() {
        http.close();
    }
}
