package dev.gantry.common.http;

import java.util.Set;

/**
 * Who is asking, as the listener's authenticator established it. A caller is allowed a route when it
 * is an admin, or its scopes name the route's module with enough access ({@code <module>:read},
 * {@code <module>:write}, or {@code *}).
 */
public record Caller(String name, Kind kind, Set<String> scopes) {
    public enum Kind { UNIX_PEER, TOKEN, ANONYMOUS_TRUSTED }

    public static final String ALL = "*";
    /** Read access to every module. */
    public static final String ALL_READ = "*:read";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** Authentication is turned off: every request runs with full rights. */
    public static Caller unrestricted() {
        return new Caller("unauthenticated", Kind.ANONYMOUS_TRUSTED, Set.of(ALL));
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
