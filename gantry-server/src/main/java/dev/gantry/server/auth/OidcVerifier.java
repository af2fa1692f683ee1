package dev.gantry.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Caller;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks JWT access tokens of one OIDC issuer: the signature against the keys its discovery document
 * points to (cached; an unknown {@code kid} refetches them, rate-limited, so key rotation needs no
 * restart), {@code iss} exactly the configured issuer, {@code aud} containing the configured audience,
 * {@code exp}/{@code nbf} within the clock skew, then the tenant and scope claims. Asymmetric
 * signatures only: an {@code HS256} token signed with some shared secret, or {@code alg: none}, is refused.
 *
 * <p>Discovery runs on first use, not at start, so the server starts while the identity provider is
 * down; until it answers, token requests get a 503 (retried at most every {@link #RETRY_DISCOVERY}).
 * Thread-safe.
 */
final class OidcVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);
    static final Duration RETRY_DISCOVERY = Duration.ofSeconds(10);
    private static final int TIMEOUT_MS = 3000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final URI issuer;
    private final AuthConfig config;
    private final Clock clock;
    private volatile ConfigurableJWTProcessor<SecurityContext> processor;
    private Instant nextDiscovery = Instant.MIN;

    OidcVerifier(AuthConfig config, Clock clock) {
        this.issuer = config.issuer().orElseThrow(() -> new IllegalArgumentException("no [Auth] Issuer"));
        this.config = config;
        this.clock = clock;
    }

    Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (ParseException e) {
            throw AuthFailures.invalidToken("the bearer token is neither an API token nor a JWT");
        } catch (RateLimitReachedException e) {
            // The keys were refetched moments ago for another unknown kid; this one is not among them.
            throw AuthFailures.invalidToken("the token was refused: no matching key for its kid");
        } catch (KeySourceException e) {
            LOG.warn("cannot fetch the signing keys of {}: {}", issuer, e.toString());
            throw ApiException.unavailable("identity provider", "cannot fetch the signing keys of " + issuer);
        } catch (BadJOSEException e) {
            throw AuthFailures.invalidToken("the token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw AuthFailures.invalidToken("the token's signature cannot be checked: " + e.getMessage());
        }
        Set<String> scopes = Scopes.fromClaim(claims.getClaim(config.scopeClaim()));
        Optional<String> tenant = tenant(claims.getClaim(config.tenantClaim()), scopes);
        return new Caller("oidc:" + claims.getSubject(), Caller.Kind.TOKEN, scopes, tenant);
    }

    /** A tenant-less token is only of use to an admin; any other caller must name its tenant. */
    private Optional<String> tenant(Object value, Set<String> scopes) {
        if (value == null && scopes.contains(Scopes.ADMIN)) {
            return Optional.empty();
        }
        if (value == null) {
            throw AuthFailures.invalidToken("the token has no " + config.tenantClaim() + " claim naming its tenant");
        }
        if (!(value instanceof String id) || !TenantClaim.isTenantId(id)) {
            throw AuthFailures.invalidToken("the token's " + config.tenantClaim() + " claim is not a tenant id");
        }
        return Optional.of(id);
    }

    private ConfigurableJWTProcessor<SecurityContext> processor() {
        ConfigurableJWTProcessor<SecurityContext> ready = processor;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (processor == null) {
                if (clock.instant().isBefore(nextDiscovery)) {
                    throw unreachable();
                }
                try {
                    processor = build(discover());
                } catch (IOException | GeneralException e) {
                    nextDiscovery = clock.instant().plus(RETRY_DISCOVERY);
                    LOG.warn("OIDC discovery of {} failed: {}", issuer, e.toString());
                    throw unreachable();
                }
            }
            return processor;
        }
    }

    private ApiException unreachable() {
        return ApiException.unavailable("identity provider", "the discovery document of " + issuer
                + " cannot be read; see the server log");
    }

    /** Also checks that the document names this issuer exactly (OIDC Discovery §4.3). */
    private OIDCProviderMetadata discover() throws IOException, GeneralException {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer.toString()), TIMEOUT_MS, TIMEOUT_MS);
        LOG.info("OIDC issuer {}: keys at {}", issuer, metadata.getJWKSetURI());
        return metadata;
    }

    private ConfigurableJWTProcessor<SecurityContext> build(OIDCProviderMetadata metadata) throws IOException {
        if (metadata.getJWKSetURI() == null) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        long ttl = config.jwksCacheTtl().toMillis();
        JWKSource<SecurityContext> keys = JWKSourceBuilder
                .<SecurityContext>create(metadata.getJWKSetURI().toURL(),
                        new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, JWKS_SIZE_LIMIT))
                .cache(ttl, TIMEOUT_MS)
                .rateLimited(30_000)
                .retrying(true)
                .build();
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        // Access tokens are typed "at+jwt" (RFC 9068) by some servers, "JWT" or untyped by others.
        jwt.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(issuer.toString()).build(), Set.of("sub", "exp"), null);
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        jwt.setJWTClaimsSetVerifier(claims);
        return jwt;
    }
}
