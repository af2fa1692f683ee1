package dev.gantry.server.auth;

import dev.gantry.common.config.TomlConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Section {@code [Auth]} of server.toml. With no {@code Issuer} the server accepts local API tokens
 * only; with one it also accepts the issuer's JWT access tokens.
 *
 * <ul>
 * <li>{@code Issuer} (default: none) — the OIDC issuer URL, exactly as the {@code iss} claim and the
 * discovery document spell it; https, or http on a loopback host for development.</li>
 * <li>{@code Audience} (required with Issuer) — the value the {@code aud} claim must contain.</li>
 * <li>{@code TenantClaim} (default {@code tenant}) — the claim naming the caller's tenant.</li>
 * <li>{@code ScopeClaim} (default {@code scope}) — the claim with the scopes, a space-separated string
 * or an array of strings.</li>
 * <li>{@code ClockSkewSeconds} (default 60, 0–600) — leeway for {@code exp}, {@code nbf} and {@code iat}.</li>
 * <li>{@code JwksCacheSeconds} (default 300, 30–86400) — how long the issuer's keys are kept; an unknown
 * {@code kid} fetches them again at once (at most every 30 s).</li>
 * </ul>
 */
public record AuthConfig(Optional<URI> issuer, String audience, String tenantClaim, String scopeClaim,
                         Duration clockSkew, Duration jwksCacheTtl) {
    public static final AuthConfig LOCAL_TOKENS_ONLY =
            new AuthConfig(Optional.empty(), "", "tenant", "scope", Duration.ofSeconds(60), Duration.ofMinutes(5));

    /** An OIDC configuration with every other key at its default. */
    public static AuthConfig oidc(URI issuer, String audience) {
        return new AuthConfig(Optional.of(issuer), audience, LOCAL_TOKENS_ONLY.tenantClaim(),
                LOCAL_TOKENS_ONLY.scopeClaim(), LOCAL_TOKENS_ONLY.clockSkew(), LOCAL_TOKENS_ONLY.jwksCacheTtl());
    }

    /** Reads {@code [Auth]}; problems are recorded on the section and reported by {@link TomlConfig#finish}. */
    public static AuthConfig read(TomlConfig.Section auth) {
        Optional<URI> issuer = auth.optionalString("Issuer").flatMap(text -> issuer(auth, text));
        String audience = auth.string("Audience", "");
        if (issuer.isPresent() && audience.isBlank()) {
            auth.reject("Audience", audience, "a value the aud claim must contain; required with Issuer");
        }
        String tenantClaim = claimName(auth, "TenantClaim", LOCAL_TOKENS_ONLY.tenantClaim());
        String scopeClaim = claimName(auth, "ScopeClaim", LOCAL_TOKENS_ONLY.scopeClaim());
        long skew = auth.integer("ClockSkewSeconds", 60, 0, 600);
        long cache = auth.integer("JwksCacheSeconds", 300, 30, 86_400);
        return new AuthConfig(issuer, audience, tenantClaim, scopeClaim, Duration.ofSeconds(skew),
                Duration.ofSeconds(cache));
    }

    private static String claimName(TomlConfig.Section auth, String key, String defaultValue) {
        String value = auth.string(key, defaultValue);
        if (value.isBlank()) {
            auth.reject(key, value, "a claim name");
        }
        return value;
    }

    private static Optional<URI> issuer(TomlConfig.Section auth, String text) {
        try {
            URI uri = new URI(text);
            boolean https = "https".equals(uri.getScheme());
            boolean loopbackHttp = "http".equals(uri.getScheme()) && uri.getHost() != null
                    && (uri.getHost().equals("localhost") || uri.getHost().startsWith("127.") || uri.getHost().equals("[::1]"));
            if ((https || loopbackHttp) && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        auth.reject("Issuer", text, "an https URL (http only on localhost), without query or fragment");
        return Optional.empty();
    }
}
