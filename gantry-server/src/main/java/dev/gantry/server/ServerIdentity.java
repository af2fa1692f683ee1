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
 * <p>The implementation is {@link dev.gantry.server.auth.TokenIdentity} (local API tokens and OIDC
 * access tokens), chosen by {@link Server#start(ServerConfig, java.nio.file.Path, java.time.Clock)}.
 * It throws a 401 saying why a token is bad rather than answering empty. {@link #placeholder()} knows
 * no token at all, for tests where only the admin token matters.
 */
@FunctionalInterface
public interface ServerIdentity {
    /** The caller {@code bearerToken} stands for; empty when it is unknown, expired or not meant for this server. */
    Optional<Caller> verify(String bearerToken);

    /** Recognises no token: only the admin token works. */
    static ServerIdentity placeholder() {
        return token -> Optional.empty();
    }
}
