package dev.gantry.common.http;

import java.util.Optional;
import java.util.Set;

/**
 * Who is asking, as the listener's authenticator established it. A caller is allowed a route when it
 * is an admin, or its scopes name the route's module with enough access ({@code <module>:read},
 * {@code <module>:write}, or {@code *}). On a multi-tenant server a caller may belong to one tenant;
 * the agent's callers belong to none.
 */
public record Caller(String name, Kind kind, Set<String> scopes, Optional<String> tenant) {
    public enum Kind { UNIX_PEER, TOKEN, ANONYMOUS_TRUSTED, ANONYMOUS }

    public static final String ALL = "*";
    /** Read access to every module. */
    public static final String ALL_READ = "*:read";
    /** The control plane's operator scope: like {@link #ALL}, every module of every tenant. */
    public static final String ADMIN = "admin";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller that belongs to no tenant. */
    public Caller(String name, Kind kind, Set<String> scopes) {
        this(name, kind, scopes, Optional.empty());
    }

    /** Nobody in particular, on a {@link Access#PUBLIC} route: no scopes. */
    public static Caller anonymous() {
        return new Caller("anonymous", Kind.ANONYMOUS, Set.of());
    }

    /** Authentication is turned off: every request runs with full rights. */
    public static Caller unrestricted() {
        return new Caller("unauthenticated", Kind.ANONYMOUS_TRUSTED, Set.of(ALL));
    }

    public boolean allows(String module, Access access) {
        if (access == Access.PUBLIC || isAdmin()) {
            return true;
        }
        return switch (access) {
            case ADMIN, PUBLIC -> false;
            case WRITE -> scopes.contains(module + ":write");
            case READ -> scopes.contains(ALL_READ) || scopes.contains(module + ":read")
                    || scopes.contains(module + ":write");
        };
    }

    /** Everything is allowed: scope {@code *} or {@code admin}. */
    public boolean isAdmin() {
        return scopes.contains(ALL) || scopes.contains(ADMIN);
    }

    /** The caller may act within {@code tenantId}: it belongs to it, or it is an admin. */
    public boolean mayActIn(String tenantId) {
        return isAdmin() || tenant.filter(tenantId::equals).isPresent();
    }

    /** The scope a route needs, as a token would carry it: {@code jobs:read}, {@code jobs:write} or {@code admin}. */
    public static String scopeFor(String module, Access access) {
        return switch (access) {
            case READ -> module + ":read";
            case WRITE -> module + ":write";
            case ADMIN -> ADMIN;
            case PUBLIC -> "";
        };
    }
}
