package dev.gantry.common.http;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code type} is a stable URI per kind of problem (clients may
 * switch on it), {@code errors} lists each rejected field of a bad request.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://gantry.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One rejected input: where ({@code field}, a JSON pointer-like dotted path), a stable code and why. */
    public record FieldError(String field, String code, String message, Object rejected) {
    }
}
