package dev.gantry.server.auth;

import dev.gantry.common.http.ApiException;
import java.util.List;
import java.util.Map;

/** The 401 for a token that was sent but is not good (RFC 6750 §3.1 {@code invalid_token}). */
final class AuthFailures {
    private AuthFailures() {
    }

    static ApiException invalidToken(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"gantry\", error=\"invalid_token\""));
    }
}
