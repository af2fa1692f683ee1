package dev.gantry.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proxmox's ticket and CSRF token, signed with a key of the cluster. The shapes are PVE's,
 * {@code PVE:root@pam:65A1B2C3::<signature>} and {@code 65A1B2C3:<signature>} with the issue time in
 * hex; the signature is an HMAC here where Proxmox uses an RSA signature, which no client looks into.
 * Both are valid for two hours from issue, as on Proxmox.
 */
final class Tickets {
    static final long LIFETIME_SECONDS = 2 * 60 * 60;
    /** Proxmox accepts tickets issued up to 5 minutes in the future, for clock skew between nodes. */
    private static final long SKEW_SECONDS = 300;

    private final byte[] key;

    Tickets(byte[] key) {
        this.key = key.clone();
    }

    String ticket(String user, long now) {
        String plain = "PVE:" + user + ":" + hex(now);
        return plain + "::" + sign(plain);
    }

    String csrfToken(String user, long now) {
        String time = hex(now);
        return time + ":" + sign(time + ":" + user);
    }

    /** The user of a ticket that is ours and not expired. */
    Optional<String> verify(String ticket, long now) {
        int split = ticket.indexOf("::");
        if (!ticket.startsWith("PVE:") || split < 0) {
            return Optional.empty();
        }
        String plain = ticket.substring(0, split);
        int colon = plain.lastIndexOf(':');
        if (colon <= 4 || !equal(sign(plain), ticket.substring(split + 2)) || !fresh(plain.substring(colon + 1), now)) {
            return Optional.empty();
        }
        return Optional.of(plain.substring(4, colon));
    }

    boolean verifyCsrf(String token, String user, long now) {
        int colon = token.indexOf(':');
        return colon > 0 && equal(sign(token.substring(0, colon) + ":" + user), token.substring(colon + 1))
                && fresh(token.substring(0, colon), now);
    }

    private boolean fresh(String hexTime, long now) {
        try {
            long issued = Long.parseLong(hexTime, 16);
            long age = now - issued;
            return age < LIFETIME_SECONDS && age > -SKEW_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(long seconds) {
        return String.format("%08X", seconds);
    }
}
