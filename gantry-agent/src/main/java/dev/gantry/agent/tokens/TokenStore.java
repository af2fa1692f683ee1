package dev.gantry.agent.tokens;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gantry.common.files.AtomicFiles;
import dev.gantry.common.http.Caller;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens, kept in one file readable by the agent alone, holding only SHA-256 hashes. A token is
 * {@code gantry_<id>_<secret>} with 256 random bits of secret: a plain hash suffices for a secret of
 * that strength (no password-style stretching), and the id lets a lookup avoid comparing every hash.
 */
public final class TokenStore {
    private static final String PREFIX = "gantry_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** A stored token: never the token itself. */
    public record StoredToken(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
                              String sha256) {
        public StoredToken {
            scopes = List.copyOf(scopes);
        }
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, StoredToken> tokens = new LinkedHashMap<>();

    public TokenStore(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        if (Files.exists(file)) {
            List<StoredToken> stored = Json.mapper().readValue(file.toFile(), new TypeReference<>() { });
            stored.forEach(t -> tokens.put(t.id(), t));
        }
    }

    /** Creates a token and returns it with its plain value, which is not kept anywhere. */
    public synchronized Created create(String name, List<String> scopes, Optional<Instant> expiresAt) {
        String id = HEX.formatHex(random(6));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        StoredToken token = new StoredToken(id, name, scopes, clock.instant(), expiresAt.orElse(null), sha256(secret));
        tokens.put(id, token);
        persist();
        return new Created(token, PREFIX + id + "_" + secret);
    }

    /** A new token and its plain value. */
    public record Created(StoredToken stored, String token) {
    }

    public synchronized List<StoredToken> list() {
        return List.copyOf(tokens.values());
    }

    public synchronized boolean revoke(String id) {
        if (tokens.remove(id) == null) {
            return false;
        }
        persist();
        return true;
    }

    /** The caller a presented token stands for; empty when malformed, unknown, revoked or expired. */
    public Optional<Caller> verify(String presented) {
        if (!presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int sep = presented.indexOf('_', PREFIX.length());
        if (sep < 0) {
            return Optional.empty();
        }
        String id = presented.substring(PREFIX.length(), sep);
        StoredToken token;
        synchronized (this) {
            token = tokens.get(id);
        }
        if (token == null) {
            return Optional.empty();
        }
        byte[] want = HEX.parseHex(token.sha256());
        byte[] got = HEX.parseHex(sha256(presented.substring(sep + 1)));
        if (!MessageDigest.isEqual(want, got)) {
            return Optional.empty();
        }
        if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(new Caller("token:" + token.name(), Caller.Kind.TOKEN, Set.copyOf(token.scopes())));
    }

    private void persist() {
        try {
            AtomicFiles.write(file, Json.bytes(new ArrayList<>(tokens.values())),
                    PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save tokens to " + file, e);
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(String secret) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
