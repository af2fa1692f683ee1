package dev.gantry.common.http;

/**
 * A route's body. It returns the response entity (serialised as JSON with status 200, or the route's
 * declared status), a {@link Reply} for full control, or {@code null} for 204.
 */
@FunctionalInterface
public interface Handler {
    Object handle(ApiRequest request) throws Exception;
}
