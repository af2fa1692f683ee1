package dev.gantry.server.auth;

import dev.gantry.common.http.Caller;
import dev.gantry.server.ServerIdentity;
import java.time.Clock;
import java.util.Optional;

/**
 * The server's {@link ServerIdentity}: a bearer token is a local API token ({@code gantrysrv_…},
 * checked against {@link ApiTokens}) or, with {@code [Auth] Issuer} set, a JWT access token of that
 * issuer. A bad token is a 401 {@code invalid_token} saying why (thrown, not an empty answer, so the
 * client learns whether it expired or was meant for another audience); an unreachable identity
 * provider is a 503. Thread-safe.
 */
public final class TokenIdentity implements ServerIdentity {
    private final ApiTokens tokens;
    private final Optional<OidcVerifier> oidc;

    private TokenIdentity(ApiTokens tokens, Optional<OidcVerifier> oidc) {
        this.tokens = tokens;
        this.oidc = oidc;
    }

    public static TokenIdentity create(AuthConfig config, ApiTokens tokens, Clock clock) {
        return new TokenIdentity(tokens, config.issuer().map(issuer -> new OidcVerifier(config, clock)));
    }

    @Override
    public Optional<Caller> verify(String token) {
        if (ApiTokens.claims(token)) {
            return Optional.of(tokens.verify(token));
        }
        return Optional.of(oidc.orElseThrow(() -> AuthFailures.invalidToken(
                        "not an API token (gantrysrv_…), and no OIDC issuer is configured ([Auth] Issuer)"))
                .verify(token));
    }
}
