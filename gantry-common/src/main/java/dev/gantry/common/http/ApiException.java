package dev.gantry.common.http;

import java.util.List;
import java.util.Map;

/**
 * The one exception a module throws to answer with a problem. The status and the {@code type} slug
 * are API: tests pin them, clients switch on them.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String slug, String title, String detail,
                        List<Problem.FieldError> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of(), Map.of());
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail);
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        return new ApiException(400, "invalid-request", "Invalid request", detail, errors, Map.of());
    }

    public static ApiException invalid(String field, String code, String message, Object rejected) {
        return invalid(List.of(new Problem.FieldError(field, code, message, rejected)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"gantry\""));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail);
    }

    /**
     * A 403 for a bearer token without the scope a route needs: the challenge says so (RFC 6750 §3.1),
     * naming the scope when there is one to ask for.
     */
    public static ApiException insufficientScope(String detail, java.util.Optional<String> scope) {
        String challenge = "Bearer realm=\"gantry\", error=\"insufficient_scope\""
                + scope.map(s -> ", scope=\"" + s + "\"").orElse("");
        return new ApiException(403, "forbidden", "Forbidden", detail, List.of(), Map.of("WWW-Authenticate", challenge));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "unprocessable", "Unprocessable request", detail);
    }

    /** A system backend (D-Bus, netlink, …) cannot be reached; the request may succeed later. */
    public static ApiException unavailable(String backend, String detail) {
        return new ApiException(503, "backend-unavailable", backend + " is unavailable", detail,
                List.of(), Map.of("Retry-After", "2"));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance, errors);
    }
}
