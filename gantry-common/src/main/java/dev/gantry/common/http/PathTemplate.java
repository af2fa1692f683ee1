package dev.gantry.common.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A route path such as {@code /jobs/{id}}: literal segments and named single-segment parameters. */
final class PathTemplate {
    private final String text;
    private final String[] segments;
    private final List<String> parameters;

    PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + text);
        }
        this.text = text;
        this.segments = split(text);
        List<String> params = new ArrayList<>();
        for (String s : segments) {
            if (isParameter(s)) {
                params.add(s.substring(1, s.length() - 1));
            } else if (s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("a parameter must fill a whole segment: " + text);
            }
        }
        this.parameters = List.copyOf(params);
    }

    static String[] split(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** The parameters by name when {@code pathSegments} (already split and decoded) fits, else null. */
    Map<String, String> match(String[] pathSegments) {
        if (pathSegments.length != segments.length) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.length; i++) {
            String want = segments[i];
            if (isParameter(want)) {
                if (pathSegments[i].isEmpty()) {
                    return null;
                }
                if (values == null) {
                    values = new HashMap<>(4);
                }
                values.put(want.substring(1, want.length() - 1), pathSegments[i]);
            } else if (!want.equals(pathSegments[i])) {
                return null;
            }
        }
        return values == null ? Map.of() : values;
    }

    List<String> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return text;
    }
}
