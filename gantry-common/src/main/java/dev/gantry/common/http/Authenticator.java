package dev.gantry.common.http;

/**
 * Turns a listener's credentials into a {@link Caller}, or throws a 401/403 {@link ApiException}.
 * Each listener has its own: peer credentials on the Unix socket, bearer tokens on TCP.
 */
@FunctionalInterface
public interface Authenticator {
    Caller authenticate(Credentials credentials);

    /** Authentication turned off: everyone is an unrestricted caller. */
    static Authenticator none() {
        Caller unrestricted = Caller.unrestricted();
        return credentials -> unrestricted;
    }
}
