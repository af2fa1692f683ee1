package dev.gantry.common.http;

import java.util.function.Function;

/** A request as a listener received it, before routing. {@code rawPath} is still percent-encoded. */
public record RawRequest(String method, String rawPath, String rawQuery, Function<String, String> headers,
                         byte[] body, Credentials credentials) {
}
