package dev.gantry.common.http;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as the listener's authenticator established it. A caller is allowed a route when it
 * is an admin, or its scopes name the route's module with enough access ({@code <module>:read},
 * {@code <module>:write}, or {@code *}). {@code tenant} is the customer organisation the caller acts
 * for on gantry-server (empty on gantryd, and for server admins).
 */
public record Caller(String name, Kind kind, Set<String> scopes, Optional<String> tenant) {
    /**
     * {@code ANONYMOUS}: no credentials were sent; it may use only the routes its scopes name, and is
     * told 401 (not 403) elsewhere, so that a client knows to authenticate.
     */
    public enum Kind { UNIX_PEER, TOKEN, ANONYMOUS_TRUSTED, ANONYMOUS }

    public static final String ALL = "*";
    /** Read access to every module. */
    public static final String ALL_READ = "*:read";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller of no tenant. */
    public Caller(String name, Kind kind, Set<String> scopes) {
        this(name, kind, scopes, Optional.empty());
    }

    /** Authentication is turned off: every request runs with full rights. */
    public static Caller unrestricted() {
        return new Caller("unauthenticated", Kind.ANONYMOUS_TRUSTED, Set.of(ALL));
    }

    /** A request without credentials, allowed only what {@code publicScopes} name. */
    public static Caller anonymous(Set<String> publicScopes) {
        return new Caller("anonymous", Kind.ANONYMOUS, publicScopes);
    }

    public boolean allows(String module, Access access) {
        if (scopes.contains(ALL)) {
            return true;
        }
        return switch (access) {
            case ADMIN -> false;
            case WRITE -> scopes.contains(module + ":write");
            case READ -> scopes.contains(ALL_READ) || scopes.contains(module + ":read")
                    || scopes.contains(module + ":write");
        };
    }
}
