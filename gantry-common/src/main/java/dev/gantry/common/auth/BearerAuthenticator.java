package dev.gantry.common.auth;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.Authenticator;
import dev.gantry.common.http.Caller;
import dev.gantry.common.http.Credentials;
import java.util.Locale;
import java.util.Optional;

/** {@code Authorization: Bearer <token>} on TCP listeners; a missing, unknown, revoked or expired token is a 401. */
public final class BearerAuthenticator implements Authenticator {
    /** Checks a presented token; empty when it is unknown, revoked or expired. */
    @FunctionalInterface
    public interface Verifier {
        Optional<Caller> verify(String token);
    }

    private final Verifier verifier;

    public BearerAuthenticator(Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        String header = credentials.authorization()
                .orElseThrow(() -> ApiException.unauthorized("send Authorization: Bearer <token>"));
        if (header.length() < 8 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw ApiException.unauthorized("only Bearer tokens are accepted");
        }
        return verifier.verify(header.substring(7).trim())
                .orElseThrow(() -> ApiException.unauthorized("the token is unknown, revoked or expired"));
    }
}
