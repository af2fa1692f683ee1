package dev.gantry.common.http;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * One registered route, everything the dispatcher and the OpenAPI writer need: there is no second
 * list of routes to keep in step.
 */
public record Route(String method, String path, String module, String summary, String description,
                    Access access, Optional<Type> requestType, Optional<Type> responseType,
                    int status, Optional<String> streamMediaType, List<QueryParam> queryParams,
                    Handler handler) {

    public Route {
        queryParams = List.copyOf(queryParams);
    }

    /** A documented query parameter. */
    public record QueryParam(String name, String description, Class<?> type) {
    }

    PathTemplate template() {
        return new PathTemplate(path);
    }

    /** A stable, unique OpenAPI operationId, e.g. {@code getJobsById}. */
    public String operationId() {
        StringBuilder id = new StringBuilder(method.toLowerCase(java.util.Locale.ROOT));
        for (String segment : PathTemplate.split(path)) {
            boolean param = segment.startsWith("{");
            String word = param ? "By" + capitalize(segment.substring(1, segment.length() - 1)) : capitalize(segment);
            id.append(word.replaceAll("[^A-Za-z0-9]", ""));
        }
        return id.toString();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

}
