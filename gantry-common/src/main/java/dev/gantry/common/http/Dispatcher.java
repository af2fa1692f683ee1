package dev.gantry.common.http;

import dev.gantry.common.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request: authenticate, match, authorize, bind, run, and map every failure to a problem.
 * It knows nothing of the HTTP server, so tests drive it in memory and over real sockets alike.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final RouteIndex routes;
    private final RequestObserver observer;
    private final AtomicLong requestCounter = new AtomicLong();

    public Dispatcher(List<Route> routes) {
        this(routes, RequestObserver.NONE);
    }

    /** A dispatcher that tells {@code observer} about every request it answered. */
    public Dispatcher(List<Route> routes, RequestObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.method() + " " + r.path())) {
                throw new IllegalArgumentException("route registered twice: " + r.method() + " " + r.path());
            }
        }
        this.routes = new RouteIndex(routes);
    }

    public RawResponse dispatch(RawRequest raw, Authenticator authenticator) {
        long started = System.nanoTime();
        String requestId = Long.toHexString(requestCounter.incrementAndGet());
        String path = raw.rawPath();
        RawResponse response;
        String who = "-";
        Route matched = null;
        try {
            Caller caller = authenticator.authenticate(raw.credentials());
            who = caller.name();
            RouteIndex.Match match = match(raw);
            matched = match.route();
            response = run(raw, match, caller, requestId);
        } catch (ApiException e) {
            response = problem(e, path, requestId);
        } catch (RuntimeException e) {
            LOG.error("request {} {} {} failed", requestId, raw.method(), escape(path), e);
            response = problem(new ApiException(500, "internal", "Internal error",
                    "the agent failed to answer; see its log for request " + requestId), path, requestId);
        }
        long nanos = System.nanoTime() - started;
        observer.requestDone(raw.method(), matched == null ? RequestObserver.UNMATCHED : matched.path(),
                response.status(), nanos);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {} -> {} ({} us, caller {})", requestId, raw.method(), escape(path),
                    response.status(), nanos / 1000, escape(who));
        }
        return response;
    }

    /** The route for the request (404 when there is none, 405 when it answers other methods only). */
    private RouteIndex.Match match(RawRequest raw) {
        String[] segments = decode(raw.rawPath());
        RouteIndex.Match match = routes.find(raw.method(), segments);
        if (match == null) {
            Set<String> allowed = routes.methodsFor(segments);
            if (allowed.isEmpty()) {
                throw ApiException.notFound("no route " + raw.rawPath());
            }
            throw new ApiException(405, "method-not-allowed", "Method not allowed",
                    raw.method() + " is not allowed on " + raw.rawPath() + "; allowed: " + String.join(", ", allowed),
                    List.of(), Map.of("Allow", String.join(", ", allowed)));
        }
        return match;
    }

    private RawResponse run(RawRequest raw, RouteIndex.Match match, Caller caller, String requestId) {
        Route route = match.route();
        Map<String, String> params = match.params();
        if (!caller.allows(route.module(), route.access())) {
            if (caller.kind() == Caller.Kind.ANONYMOUS) {
                throw ApiException.unauthorized("send credentials to " + describe(route.access()) + " " + route.module());
            }
            throw ApiException.forbidden(caller.name() + " may not " + describe(route.access()) + " " + route.module());
        }
        checkBody(raw, route);
        ApiRequest request = new ApiRequest(raw.method(), raw.rawPath(), params, query(raw.rawQuery()),
                raw.headers(), caller, raw.body(), requestId);
        Object result;
        try {
            result = route.handler().handle(request);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("agent", "interrupted while answering");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return respond(route, result, requestId);
    }

    private static String describe(Access access) {
        return switch (access) {
            case READ -> "read";
            case WRITE -> "change";
            case ADMIN -> "administer";
        };
    }

    private static void checkBody(RawRequest raw, Route route) {
        if (raw.body().length == 0) {
            return;
        }
        if (route.requestType().isEmpty()) {
            throw ApiException.badRequest(raw.method() + " " + route.path() + " takes no body");
        }
        String type = raw.headers().apply("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json, not " + (type == null ? "an untyped body" : type));
        }
    }

    private static RawResponse respond(Route route, Object result, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Request-Id", requestId);
        if (result instanceof Reply reply) {
            headers.putAll(reply.headers());
            if (reply.streamBody().isPresent()) {
                return new RawResponse(reply.status(), headers, new byte[0], reply.streamBody());
            }
            Optional<Object> entity = reply.entity();
            if (entity.isEmpty()) {
                return new RawResponse(reply.status(), headers, new byte[0], Optional.empty());
            }
            headers.putIfAbsent("Content-Type", "application/json");
            return new RawResponse(reply.status(), headers, Json.bytes(entity.get()), Optional.empty());
        }
        if (result == null) {
            return new RawResponse(204, headers, new byte[0], Optional.empty());
        }
        headers.putAll(JSON);
        return new RawResponse(route.status(), headers, Json.bytes(result), Optional.empty());
    }

    static RawResponse problem(ApiException e, String path, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        headers.put("X-Request-Id", requestId);
        return new RawResponse(e.status(), headers, Json.bytes(e.toProblem(path)), Optional.empty());
    }

    private static String[] decode(String rawPath) {
        String[] segments = PathTemplate.split(rawPath);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].indexOf('%') >= 0 || segments[i].indexOf('+') >= 0) {
                String decoded = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                segments[i] = decoded;
            }
        }
        return segments;
    }

    static Map<String, List<String>> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /** Caller text goes into logs only with control characters escaped, so it cannot forge lines. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
        }
        return sb.toString();
    }
}
