package dev.gantry.server.auth;

import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code gantry admin token create} asks for. A token without a tenant belongs to none: with
 * scope {@code admin} it is an operator's token, otherwise it reaches only routes outside tenants.
 */
public record NewToken(String name, Optional<String> tenant, List<String> scopes, Optional<Instant> expiresAt)
        implements Validated {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NewToken {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        tenant = tenant == null ? Optional.empty() : tenant;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
    }

    @Override
    public void validate(Violations v) {
        v.check(name != null && NAME.matcher(name).matches(), "name", "pattern",
                "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name);
        tenant.ifPresent(t -> v.check(TenantClaim.isTenantId(t), "tenant", "pattern",
                "a tenant id: 1 to 63 lowercase letters and digits", t));
        v.check(!scopes.isEmpty(), "scopes", "required", "name at least one scope", scopes);
        for (int i = 0; i < scopes.size(); i++) {
            v.check(Scopes.isValid(scopes.get(i)), "scopes[" + i + "]", "scope",
                    "admin, or TYPE:read / TYPE:write such as instances:write", scopes.get(i));
        }
    }
}
