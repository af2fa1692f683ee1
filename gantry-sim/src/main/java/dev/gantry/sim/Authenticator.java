package dev.gantry.sim;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Proxmox's two ways in: a ticket from {@code POST /access/ticket} sent as cookie {@code PVEAuthCookie},
 * with header {@code CSRFPreventionToken} on writes; or an API token in
 * {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET}, stateless and without CSRF.
 */
final class Authenticator {
    static final String TOKEN_PREFIX = "PVEAPIToken=";

    /** {@code POST /access/ticket}: a password, or a still valid ticket in its place to renew it. */
    Object ticket(Routes.Call call) {
        SimCluster c = call.cluster();
        Credentials expected = c.credentials();
        String username = call.params().required("username");
        String password = call.params().required("password");
        if (!username.contains("@")) {
            username = username + "@" + call.params().optional("realm").orElse("pam");
        }
        long now = c.now();
        boolean byPassword = username.equals(expected.user()) && same(password, expected.password());
        boolean byTicket = c.tickets.verify(password, now).filter(username::equals).isPresent();
        if (!byPassword && !byTicket) {
            throw PveException.unauthorized("authentication failure");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", username);
        data.put("ticket", c.tickets.ticket(username, now));
        data.put("CSRFPreventionToken", c.tickets.csrfToken(username, now));
        data.put("clustername", c.name());
        data.put("cap", Map.of("vms", Map.of("VM.PowerMgmt", 1, "VM.Audit", 1, "VM.Config.Options", 1,
                "VM.Migrate", 1), "nodes", Map.of("Sys.Audit", 1), "storage", Map.of("Datastore.Audit", 1)));
        return data;
    }

    /**
     * Who calls: the user of a valid ticket (writes need its CSRF token too) or the token id of a valid
     * token. No credentials, a bad or expired ticket, a bad token, or a write without CSRF token → 401.
     */
    String authenticate(SimCluster c, Optional<String> cookie, Optional<String> authorization,
                        Optional<String> csrf, boolean write) {
        if (authorization.isPresent() && authorization.get().startsWith(TOKEN_PREFIX)) {
            String value = authorization.get().substring(TOKEN_PREFIX.length());
            int split = value.lastIndexOf('=');
            Credentials expected = c.credentials();
            if (split < 0 || !value.substring(0, split).equals(expected.tokenId())
                    || !same(value.substring(split + 1), expected.tokenSecret())) {
                throw PveException.unauthorized("invalid token value!");
            }
            return expected.tokenId();
        }
        if (cookie.isEmpty()) {
            throw PveException.unauthorized("No ticket");
        }
        long now = c.now();
        String user = c.tickets.verify(cookie.get(), now)
                .orElseThrow(() -> PveException.unauthorized("invalid PVE ticket"));
        if (write && !csrf.filter(token -> c.tickets.verifyCsrf(token, user, now)).isPresent()) {
            throw PveException.unauthorized("Permission denied - invalid csrf token");
        }
        return user;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
