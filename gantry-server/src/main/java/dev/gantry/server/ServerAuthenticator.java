package dev.gantry.server;

import dev.gantry.common.auth.BearerAuthenticator;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Credentials;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling gantry-server: no {@code Authorization} header is an anonymous caller that may use
 * the public routes (health, OpenAPI) and gets 401 elsewhere; a bearer token is the local admin
 * token or whatever {@link ServerIdentity} makes of it; anything else is a 401.
 */
final class ServerAuthenticator implements Authenticator {
    /** What anonymous callers may read: the {@code server} module (health, openapi.json). */
    static final Set<String> PUBLIC_SCOPES = Set.of(ServerModule.NAME + ":read");
    static final String ADMIN_SCOPE = "admin";

    private final Caller anonymous = Caller.anonymous(PUBLIC_SCOPES);
    private final BearerAuthenticator bearer;

    ServerAuthenticator(AdminToken adminToken, ServerIdentity identity) {
        this.bearer = new BearerAuthenticator(token -> adminToken.verify(token)
                .or(() -> identity.verify(token).map(ServerAuthenticator::withAdminAsAll)));
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        if (credentials.authorization().isEmpty()) {
            return anonymous;
        }
        return bearer.authenticate(credentials);
    }

    /** The issue's {@code admin} scope is gantry-common's {@code *}: every module, every access. */
    private static Caller withAdminAsAll(Caller caller) {
        if (!caller.scopes().contains(ADMIN_SCOPE)) {
            return caller;
        }
        Set<String> scopes = new HashSet<>(caller.scopes());
        scopes.add(Caller.ALL);
        return new Caller(caller.name(), caller.kind(), scopes, caller.tenant());
    }

}
