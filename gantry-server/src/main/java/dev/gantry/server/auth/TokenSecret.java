package dev.gantry.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of a local API token: {@code gantrysrv_<id>_<secret>}, a 12-hex-digit id that finds the
 * row and 256 random bits of secret (base64url). Only the SHA-256 of the secret is stored: a secret of
 * that strength cannot be guessed from its hash, so password-style stretching would only cost every
 * request time. The prefix differs from the agent's {@code gantry_} so secret scanners and people
 * can tell a server token from an agent token.
 */
record TokenSecret(String id, String secret) {
    static final String PREFIX = "gantrysrv_";
    private static final Pattern SHAPE = Pattern.compile("gantrysrv_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    static TokenSecret mint() {
        return new TokenSecret(HexFormat.of().formatHex(random(6)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(random(32)));
    }

    /** Whether {@code presented} is meant as a local token (it may still be malformed or unknown). */
    static boolean looksLocal(String presented) {
        return presented.startsWith(PREFIX);
    }

    static Optional<TokenSecret> parse(String presented) {
        var m = SHAPE.matcher(presented);
        return m.matches() ? Optional.of(new TokenSecret(m.group(1), m.group(2))) : Optional.empty();
    }

    String token() {
        return PREFIX + id + "_" + secret;
    }

    byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Constant-time, so the time a wrong secret takes to refuse says nothing about the right one. */
    boolean matches(byte[] storedSha256) {
        return MessageDigest.isEqual(storedSha256, sha256());
    }

    @Override
    public String toString() {
        return "TokenSecret[" + id + "]";
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
