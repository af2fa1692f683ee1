package dev.gantry.server.auth;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Local API tokens for automation, in table {@code api_tokens} (migration V10). A token is shown once,
 * when created; the table keeps the SHA-256 of its secret (see {@link TokenSecret}). Every replica reads
 * the same rows, so a token revoked on one is refused by all at once. Thread-safe.
 */
public final class ApiTokens {
    /** A stored token, never its secret. */
    public record TokenInfo(String id, String name, Optional<String> tenant, List<String> scopes,
                            Instant createdAt, Optional<Instant> expiresAt) {
        public TokenInfo {
            scopes = List.copyOf(scopes);
        }
    }

    /** A token just created: its description and the plain token, which is not kept anywhere. */
    public record Created(TokenInfo info, String token) {
        @Override
        public String toString() {
            return "Created[" + info + "]";
        }
    }

    private static final String COLUMNS = "id, name, tenant, scopes, created_at, expires_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public ApiTokens(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Creates a token. The caller has validated name and scopes (see {@link NewToken}); a name in use
     * is a 409.
     */
    public Created create(NewToken request) {
        TokenSecret secret = TokenSecret.mint();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        TokenInfo info = new TokenInfo(secret.id(), request.name(), request.tenant(), request.scopes(), now,
                request.expiresAt());
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                    INSERT INTO api_tokens (id, name, tenant, scopes, secret_sha256, created_at, expires_at)
                    VALUES (:id, :name, :tenant, :scopes, :hash, :created, :expires)""")
                    .bind("id", info.id()).bind("name", info.name()).bind("tenant", info.tenant().orElse(null))
                    .bind("scopes", info.scopes().toArray(String[]::new)).bind("hash", secret.sha256())
                    .bind("created", Timestamp.from(now))
                    .bind("expires", info.expiresAt().map(Timestamp::from).orElse(null))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e) && find(request.name()).isPresent()) {
                throw ApiException.conflict("a token named " + request.name() + " exists; revoke it or pick another name");
            }
            throw e;
        }
        return new Created(info, secret.token());
    }

    public List<TokenInfo> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens ORDER BY name")
                .map((rs, ctx) -> info(rs)).list());
    }

    /** The token with this id or name. */
    public Optional<TokenInfo> find(String idOrName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_tokens WHERE id = :k OR name = :k")
                .bind("k", idOrName).map((rs, ctx) -> info(rs)).findFirst());
    }

    /** Revokes the token with this id or name at once; false when there is none. */
    public boolean revoke(String idOrName) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE id = :k OR name = :k")
                .bind("k", idOrName).execute()) > 0;
    }

    /** Whether {@code presented} is meant for this store rather than an identity provider. */
    static boolean claims(String presented) {
        return TokenSecret.looksLocal(presented);
    }

    /** The caller a presented token stands for; a malformed, unknown, revoked or expired one is a 401. */
    Caller verify(String presented) {
        TokenSecret secret = TokenSecret.parse(presented)
                .orElseThrow(() -> AuthFailures.invalidToken("the API token is malformed"));
        record Row(TokenInfo info, byte[] hash) {
        }
        Row row = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", secret_sha256 FROM api_tokens WHERE id = :id")
                .bind("id", secret.id()).map((rs, ctx) -> new Row(info(rs), rs.getBytes("secret_sha256")))
                .findFirst()).orElse(null);
        // One answer for unknown and wrong secret, so a caller cannot probe for ids.
        if (row == null || !secret.matches(row.hash())) {
            throw AuthFailures.invalidToken("the API token is unknown or revoked");
        }
        if (row.info().expiresAt().filter(at -> !clock.instant().isBefore(at)).isPresent()) {
            throw AuthFailures.invalidToken("the API token expired at " + row.info().expiresAt().get());
        }
        TokenInfo info = row.info();
        return new Caller("token:" + info.name(), Caller.Kind.TOKEN, Set.copyOf(info.scopes()), info.tenant());
    }

    private static TokenInfo info(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new TokenInfo(rs.getString("id"), rs.getString("name"), Optional.ofNullable(rs.getString("tenant")),
                Arrays.asList((String[]) rs.getArray("scopes").getArray()), rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(expires).map(Timestamp::toInstant));
    }

    private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState());
    }
}
