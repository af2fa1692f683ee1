package dev.gantry.server;

import dev.gantry.common.http.Caller;
import java.util.Optional;

/**
 * THE SEAM FOR IDENTITY: turns a bearer token into the {@link Caller} it stands for, with its tenant
 * ({@link Caller#tenant()}) and scopes ({@code <type>:read}, {@code <type>:write}, {@code admin}).
 * The server asks it for every request that carries a token other than the local admin token
 * ({@link AdminToken}); an empty answer is a 401. {@link ServerAuthenticator} turns the scope
 * {@code admin} into full rights, so an implementation returns scopes exactly as the token grants them.
 *
 * <p>{@link #placeholder()} knows no token at all: until the identity part (OIDC, local API tokens;
 * package {@code dev.gantry.server.auth}) provides the real implementation, only the admin token works.
 * The one line that picks the implementation is in {@link GantryServer}.
 */
@FunctionalInterface
public interface ServerIdentity {
    /** The caller {@code bearerToken} stands for; empty when it is unknown, expired or not meant for this server. */
    Optional<Caller> verify(String bearerToken);

    /** Recognises no token: placeholder until the OIDC and API-token implementation replaces it. */
    static ServerIdentity placeholder() {
        return token -> Optional.empty();
    }
}
