package dev.gantry.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer JWTs from a real OIDC server (mock-oauth2-server on a random port): discovery, JWKS, claims. */
class OidcAuthenticationTest {
    private static final String AUDIENCE = "gantry-api";
    private static final String INVALID_TOKEN = "Bearer realm=\"gantry\", error=\"invalid_token\"";
    private static MockOAuth2Server idp;
    private static URI issuer;
    private static TokenIdentity authenticator;
    // Never reached: these tests send no local tokens.
    private static final ApiTokens NO_TOKENS = new ApiTokens(Jdbi.create("jdbc:postgresql://127.0.0.1:1/none"), Clock.systemUTC());

    @BeforeAll
    static void startIdentityProvider() {
        idp = new MockOAuth2Server();
        idp.start();
        issuer = idp.issuerUrl("default").uri();
        authenticator = TokenIdentity.create(AuthConfig.oidc(issuer, AUDIENCE), NO_TOKENS, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        idp.shutdown();
    }

    private static String token(String audience, Map<String, Object> claims, long ttlSeconds) {
        return idp.issueToken("default", "alice", audience, claims, ttlSeconds).serialize();
    }

    private static Caller authenticate(TokenIdentity auth, String token) {
        return auth.verify(token).orElseThrow();
    }

    private static ApiException refused(TokenIdentity auth, String token) {
        return catchThrowableOfType(ApiException.class, () -> authenticate(auth, token));
    }

    private static void assertInvalidToken(ApiException e, String detail) {
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.headers()).containsEntry("WWW-Authenticate", INVALID_TOKEN);
        assertThat(e.getMessage()).contains(detail);
    }

    @Test
    void aValidTokenGivesItsSubjectTenantAndTheServersScopesOnly() {
        Caller caller = authenticate(authenticator, token(AUDIENCE,
                Map.of("tenant", "acme", "scope", "openid profile instances:read networks:write *"), 300));
        assertThat(caller).isEqualTo(new Caller("oidc:alice", Caller.Kind.TOKEN,
                Set.of("instances:read", "networks:write"), Optional.of("acme")));
    }

    @Test
    void theTenantAndScopeClaimsAreConfigurableAndScopesMayBeAnArray() {
        AuthConfig config = new AuthConfig(Optional.of(issuer), AUDIENCE, "org", "scp",
                Duration.ofSeconds(60), Duration.ofMinutes(5));
        TokenIdentity custom = TokenIdentity.create(config, NO_TOKENS, Clock.systemUTC());
        Caller caller = authenticate(custom, token(AUDIENCE,
                Map.of("org", "globex", "tenant", "acme", "scp", List.of("jobs:read", "admin")), 300));
        assertThat(caller.tenant()).contains("globex");
        assertThat(caller.scopes()).containsExactlyInAnyOrder("jobs:read", "admin");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        assertInvalidToken(refused(authenticator, token("some-other-api", Map.of("tenant", "acme"), 300)),
                "JWT aud claim rejected");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String foreign = idp.issueToken("other", "alice", AUDIENCE, Map.of("tenant", "acme"), 300L).serialize();
        assertInvalidToken(refused(authenticator, foreign), "the token was refused");
    }

    @Test
    void anExpiredTokenIsRefusedButOneJustWithinTheClockSkewIsNot() {
        assertInvalidToken(refused(authenticator, token(AUDIENCE, Map.of("tenant", "acme"), -120)), "Expired JWT");
        assertThat(authenticate(authenticator, token(AUDIENCE, Map.of("tenant", "acme"), -20)).tenant()).contains("acme");
    }

    @Test
    void aTamperedPayloadFailsTheSignature() throws Exception {
        SignedJWT good = SignedJWT.parse(token(AUDIENCE, Map.of("tenant", "acme", "scope", "instances:read"), 300));
        JWTClaimsSet changed = new JWTClaimsSet.Builder(good.getJWTClaimsSet()).claim("scope", "admin").build();
        Base64URL[] parts = good.getParsedParts();
        String forged = parts[0] + "." + Base64URL.encode(changed.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalidToken(refused(authenticator, forged), "Invalid signature");
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerDoesNotPublishIsRefused() throws Exception {
        RSAKey rogue = new RSAKeyGenerator(2048).keyID("rogue").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rogue").build(), claims("acme"));
        jwt.sign(new RSASSASigner(rogue));
        assertInvalidToken(refused(authenticator, jwt.serialize()), "no matching key");
        // The refetch an unknown kid triggers leaves good tokens working.
        assertThat(authenticate(authenticator, token(AUDIENCE, Map.of("tenant", "acme"), 300)).name()).isEqualTo("oidc:alice");
    }

    @Test
    void aTokenWithTheIssuersKidButAnotherKeyFailsTheSignature() throws Exception {
        String kid = SignedJWT.parse(token(AUDIENCE, Map.of("tenant", "acme"), 300)).getHeader().getKeyID();
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims("acme"));
        jwt.sign(new RSASSASigner(impostor));
        assertInvalidToken(refused(authenticator, jwt.serialize()), "Invalid signature");
    }

    @Test
    void aSymmetricallySignedTokenIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("acme"));
        jwt.sign(new MACSigner("a shared secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)));
        assertInvalidToken(refused(authenticator, jwt.serialize()), "the token was refused");
    }

    @Test
    void aTokenWithoutATenantIsRefusedUnlessItIsAnAdmins() {
        assertInvalidToken(refused(authenticator, token(AUDIENCE, Map.of("scope", "instances:read"), 300)),
                "the token has no tenant claim naming its tenant");
        assertInvalidToken(refused(authenticator, token(AUDIENCE, Map.of("tenant", "Acme Corp"), 300)),
                "the token's tenant claim is not a tenant id");
        Caller admin = authenticate(authenticator, token(AUDIENCE, Map.of("scope", "admin"), 300));
        assertThat(admin.tenant()).isEmpty();
        assertThat(admin.scopes()).containsExactly("admin");
    }

    @Test
    void somethingThatIsNeitherAnApiTokenNorAJwtIsA401() {
        assertInvalidToken(refused(authenticator, "not-a-jwt"), "neither an API token nor a JWT");
    }

    @Test
    void withoutAnIssuerOnlyApiTokensAreUnderstood() {
        TokenIdentity local = TokenIdentity.create(AuthConfig.LOCAL_TOKENS_ONLY, NO_TOKENS, Clock.systemUTC());
        assertInvalidToken(refused(local, token(AUDIENCE, Map.of("tenant", "acme"), 300)), "no OIDC issuer is configured");
    }

    @Test
    void aServerConfiguredForAnotherIssuerOfTheSameProviderRefusesThisOnesTokens() {
        URI wrong = URI.create(issuer.toString().replace("/default", "/elsewhere"));
        TokenIdentity auth = TokenIdentity.create(AuthConfig.oidc(wrong, AUDIENCE), NO_TOKENS, Clock.systemUTC());
        assertInvalidToken(refused(auth, token(AUDIENCE, Map.of("tenant", "acme"), 300)), "the token was refused");
    }

    @Test
    void anUnreachableIdentityProviderIsA503NotA401() {
        TokenIdentity auth = TokenIdentity.create(AuthConfig.oidc(URI.create("http://127.0.0.1:1/realm"), AUDIENCE),
                NO_TOKENS, Clock.systemUTC());
        ApiException e = refused(auth, token(AUDIENCE, Map.of("tenant", "acme"), 300));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.headers()).containsEntry("Retry-After", "2");
    }

    private static JWTClaimsSet claims(String tenant) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer.toString()).subject("mallory").audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("tenant", tenant)
                .claim("scope", "admin").build();
    }
}
