package dev.gantry.server.auth;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The control plane's scopes: {@code admin}, and {@code <type>:read} / {@code <type>:write} for each
 * route family ({@code instances:write}, {@code jobs:read}). Anything else an identity provider puts in
 * a token ({@code openid}, {@code profile}, a stray {@code *}) grants nothing and is dropped.
 */
public final class Scopes {
    /** Every type of every tenant, and the tenants themselves; the server grants it as {@code *}. */
    public static final String ADMIN = "admin";
    private static final Pattern TYPE_SCOPE = Pattern.compile("[a-z][a-z0-9-]{0,62}:(read|write)");

    private Scopes() {
    }

    /** Whether {@code scope} is one the server understands. */
    public static boolean isValid(String scope) {
        return scope != null && (scope.equals(ADMIN) || TYPE_SCOPE.matcher(scope).matches());
    }

    /**
     * The scopes of a claim value: a space-separated string (RFC 8693 {@code scope}, as Keycloak and
     * most servers send it) or a JSON array of strings (Azure's {@code scp}, Okta's {@code scp}).
     * Other shapes grant nothing.
     */
    static Set<String> fromClaim(Object value) {
        Set<String> scopes = new LinkedHashSet<>();
        if (value instanceof String text) {
            for (String s : text.trim().split("\\s+")) {
                keep(scopes, s);
            }
        } else if (value instanceof Collection<?> list) {
            for (Object s : list) {
                if (s instanceof String text) {
                    keep(scopes, text);
                }
            }
        }
        return Set.copyOf(scopes);
    }

    private static void keep(Set<String> scopes, String scope) {
        if (isValid(scope)) {
            scopes.add(scope);
        }
    }
}
