package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import dev.gantry.server.testing.PostgresExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Local API tokens on a real PostgreSQL with every migration applied. */
class ApiTokensTest {
    @RegisterExtension
    static final PostgresExtension pg = PostgresExtension.migrated();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private ApiTokens tokens() {
        return new ApiTokens(pg.jdbi(), clock);
    }

    private static NewToken token(String name, String tenant, String... scopes) {
        return new NewToken(name, Optional.ofNullable(tenant), List.of(scopes), Optional.empty());
    }

    private static void assertRefused(ApiTokens tokens, String presented, String detail) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> tokens.verify(presented));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"gantry\", error=\"invalid_token\"");
        assertThat(e.getMessage()).isEqualTo(detail);
    }

    @Test
    void aCreatedTokenStandsForItsTenantAndScopes() {
        ApiTokens tokens = tokens();
        ApiTokens.Created created = tokens.create(token("ci", "acme", "instances:write", "networks:read"));
        assertThat(created.token()).matches("gantrysrv_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")
                .startsWith("gantrysrv_" + created.info().id() + "_");
        assertThat(tokens.verify(created.token())).isEqualTo(new Caller("token:ci", Caller.Kind.TOKEN,
                Set.of("instances:write", "networks:read"), Optional.of("acme")));
    }

    @Test
    void theTableKeepsOnlyTheSha256OfTheSecret() {
        ApiTokens.Created created = tokens().create(token("ci", "acme", "jobs:read"));
        String secret = created.token().substring(created.token().lastIndexOf('_') + 1);
        Map<String, Object> row = pg.jdbi().withHandle(h -> h.createQuery(
                "SELECT id, name, tenant, scopes::text AS scopes, encode(secret_sha256, 'hex') AS hash FROM api_tokens")
                .mapToMap().one());
        assertThat(row).containsEntry("id", created.info().id()).containsEntry("name", "ci")
                .containsEntry("tenant", "acme").containsEntry("scopes", "{jobs:read}");
        assertThat(row.get("hash")).isEqualTo(java.util.HexFormat.of().formatHex(
                new TokenSecret(created.info().id(), secret).sha256()));
        assertThat(row.values().toString()).doesNotContain(secret);
    }

    @Test
    void aWrongSecretAnUnknownIdAndAMalformedTokenAreRefusedAlike() {
        ApiTokens tokens = tokens();
        String good = tokens.create(token("ci", "acme", "jobs:read")).token();
        String wrongSecret = good.substring(0, good.length() - 43) + "A".repeat(43);
        String unknownId = "gantrysrv_000000000000_" + good.substring(good.length() - 43);
        assertRefused(tokens, wrongSecret, "the API token is unknown or revoked");
        assertRefused(tokens, unknownId, "the API token is unknown or revoked");
        assertRefused(tokens, "gantrysrv_short", "the API token is malformed");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndRevokingTwiceFindsNothing() {
        ApiTokens tokens = tokens();
        String token = tokens.create(token("ci", "acme", "jobs:read")).token();
        assertThat(tokens.revoke("ci")).isTrue();
        assertRefused(tokens, token, "the API token is unknown or revoked");
        assertThat(tokens.revoke("ci")).isFalse();
        int rows = pg.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM api_tokens").mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        ApiTokens tokens = tokens();
        Instant expires = now.get().plus(Duration.ofHours(1));
        String token = tokens.create(new NewToken("short", Optional.of("acme"), List.of("jobs:read"), Optional.of(expires))).token();
        now.set(expires.minusSeconds(1));
        assertThat(tokens.verify(token).name()).isEqualTo("token:short");
        now.set(expires);
        assertRefused(tokens, token, "the API token expired at 2026-12-07T11:00:00Z");
    }

    @Test
    void aSecondTokenOfTheSameNameIsA409AndChangesNothing() {
        ApiTokens tokens = tokens();
        tokens.create(token("ci", "acme", "jobs:read"));
        ApiException e = catchThrowableOfType(ApiException.class, () -> tokens.create(token("ci", null, "admin")));
        assertThat(e.status()).isEqualTo(409);
        assertThat(tokens.list()).extracting(ApiTokens.TokenInfo::scopes).containsExactly(List.of("jobs:read"));
    }

    @Test
    void theListShowsEveryTokenByNameWithoutSecrets() {
        ApiTokens tokens = tokens();
        tokens.create(token("zeta", null, "admin"));
        ApiTokens.Created alpha = tokens.create(token("alpha", "acme", "jobs:read"));
        assertThat(tokens.list()).containsExactly(alpha.info(), tokens.find("zeta").orElseThrow());
        assertThat(tokens.find("zeta").orElseThrow().tenant()).isEmpty();
        assertThat(tokens.find(alpha.info().id())).contains(alpha.info());
    }

    @Test
    void aTokenRequestIsValidatedFieldByField() {
        var v = new dev.gantry.common.http.Violations();
        new NewToken("bad name", Optional.of("Acme"), List.of("jobs:read", "*", "instances:delete"), Optional.empty())
                .validate(v);
        ApiException e = catchThrowableOfType(ApiException.class, v::throwIfAny);
        assertThat(e.toProblem("/").errors()).extracting(f -> f.field() + " " + f.code())
                .containsExactly("name pattern", "tenant pattern", "scopes[1] scope", "scopes[2] scope");
    }
}
