package dev.gantry.server.resources;

import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A list request's filters and page: {@code tag=k=v} (repeatable via commas), {@code prefix}, {@code state}, {@code limit}, {@code after}. */
record ListQuery(Map<String, String> tags, Optional<String> prefix, Optional<ResourceState> state, int limit,
                 Optional<String> after) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    ListQuery {
        tags = Map.copyOf(tags);
    }

    static ListQuery of(ApiRequest req) {
        Map<String, String> tags = new LinkedHashMap<>();
        req.query("tag").ifPresent(text -> {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw ApiException.invalid("tag", "format", "tag filters are key=value, comma-separated", text);
                }
                tags.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        });
        Optional<ResourceState> state = req.query("state").map(s -> {
            try {
                return ResourceState.of(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("state", "enum",
                        "one of pending, creating, ready, updating, deleting, error", s);
            }
        });
        int limit = req.intQuery("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        return new ListQuery(tags, req.query("prefix").filter(p -> !p.isEmpty()), state, limit,
                req.query("after").filter(a -> !a.isEmpty()));
    }

    /** Whether a resource (as a change event carries it) passes the filters; the page fields do not apply. */
    boolean matches(Resource<?> r) {
        return state.map(s -> s == r.state()).orElse(true)
                && prefix.map(p -> r.name().startsWith(p)).orElse(true)
                && r.tags().entrySet().containsAll(tags.entrySet());
    }
}
