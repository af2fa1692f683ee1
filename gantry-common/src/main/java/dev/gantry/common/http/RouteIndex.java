package dev.gantry.common.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route for a path without trying every route: routes are grouped by their number of
 * segments and by the segment that names the module ({@code /api/v1/<module>/…}, or the first one of
 * a shorter path). Where two routes of one method fit a path, the one with more literal segments wins,
 * so {@code /jobs/noop} is chosen over {@code /jobs/{id}} whatever the order of registration.
 */
final class RouteIndex {
    private static final int KEY_SEGMENT = 2;

    record Match(Route route, Map<String, String> params) {
    }

    private record Entry(Route route, PathTemplate template, int literals) {
    }

    private final Map<String, List<Entry>> keyed = new HashMap<>();
    private final Map<Integer, List<Entry>> unkeyed = new HashMap<>();

    RouteIndex(List<Route> routes) {
        for (Route route : routes) {
            PathTemplate template = route.template();
            String[] segments = PathTemplate.split(route.path());
            int literals = 0;
            for (String segment : segments) {
                literals += segment.startsWith("{") ? 0 : 1;
            }
            Entry entry = new Entry(route, template, literals);
            int k = keyIndex(segments.length);
            if (k >= 0 && !segments[k].startsWith("{")) {
                keyed.computeIfAbsent(key(segments.length, segments[k]), x -> new ArrayList<>()).add(entry);
            } else {
                unkeyed.computeIfAbsent(segments.length, x -> new ArrayList<>()).add(entry);
            }
        }
    }

    private static int keyIndex(int length) {
        return Math.min(KEY_SEGMENT, length - 1);
    }

    private static String key(int length, String segment) {
        return length + "/" + segment;
    }

    /** The most specific route of {@code method} for these (decoded) segments, or null. */
    Match find(String method, String[] segments) {
        Match best = null;
        int bestLiterals = -1;
        for (List<Entry> group : groups(segments)) {
            for (Entry entry : group) {
                if (entry.literals() > bestLiterals && entry.route().method().equals(method)) {
                    Map<String, String> params = entry.template().match(segments);
                    if (params != null) {
                        best = new Match(entry.route(), params);
                        bestLiterals = entry.literals();
                    }
                }
            }
        }
        return best;
    }

    /** Every method some route answers for these segments (for 405 and its Allow header). */
    Set<String> methodsFor(String[] segments) {
        Set<String> methods = new LinkedHashSet<>();
        for (List<Entry> group : groups(segments)) {
            for (Entry entry : group) {
                if (entry.template().match(segments) != null) {
                    methods.add(entry.route().method());
                }
            }
        }
        return methods;
    }

    private List<List<Entry>> groups(String[] segments) {
        List<Entry> exact = null;
        int k = keyIndex(segments.length);
        if (k >= 0) {
            exact = keyed.get(key(segments.length, segments[k]));
        }
        List<Entry> loose = unkeyed.get(segments.length);
        if (exact == null) {
            return loose == null ? List.of() : List.of(loose);
        }
        return loose == null ? List.of(exact) : List.of(exact, loose);
    }
}
