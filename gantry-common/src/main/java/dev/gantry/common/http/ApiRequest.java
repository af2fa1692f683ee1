package dev.gantry.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a handler sees of a request: matched parameters, query, headers, caller and a typed body. */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final Caller caller;
    private final byte[] body;
    private final String requestId;

    public ApiRequest(String method, String path, Map<String, String> pathParams,
                      Map<String, List<String>> query, Function<String, String> headers, Caller caller,
                      byte[] body, String requestId) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = Map.copyOf(query);
        this.headers = headers;
        this.caller = caller;
        this.body = body;
        this.requestId = requestId;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String requestId() {
        return requestId;
    }

    public Caller caller() {
        return caller;
    }

    /** A path parameter the route template declares; never absent for a matched route. */
    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no path parameter " + name);
        }
        return value;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** A boolean query flag: absent is false, {@code true}/{@code false} as given, anything else is a 400. */
    public boolean flag(String name) {
        return query(name).map(v -> switch (v) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, "boolean", "must be true or false", v);
        }).orElse(false);
    }

    public Optional<Integer> intQuery(String name, int min, int max) {
        return query(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw ApiException.invalid(name, "range", "must be between " + min + " and " + max, v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw ApiException.invalid(name, "integer", "must be a whole number", v);
            }
        });
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /**
     * The body bound to {@code type}: a missing body, malformed JSON, an unknown field or a value of
     * the wrong type is a 400 naming the field; a {@link Validated} body then checks itself.
     */
    public <T> T body(Class<T> type) {
        return body((java.lang.reflect.Type) type);
    }

    /** {@link #body(Class)} for a generic type, e.g. a request envelope around a per-type spec. */
    public <T> T body(java.lang.reflect.Type type) {
        if (body.length == 0) {
            throw ApiException.badRequest("this request needs a JSON body");
        }
        T value;
        try {
            value = Json.mapper().readValue(body, Json.mapper().getTypeFactory().constructType(type));
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid(fieldPath(e), "unknown-field",
                    "unknown field; allowed: " + e.getKnownPropertyIds().stream().map(String::valueOf)
                            .sorted().collect(Collectors.joining(", ")), e.getPropertyName());
        } catch (InvalidFormatException e) {
            throw ApiException.invalid(fieldPath(e), "type", "expected " + simpleType(e.getTargetType()),
                    String.valueOf(e.getValue()));
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw ApiException.invalid(field.isEmpty() ? "$" : field, "type",
                    "expected " + simpleType(e.getTargetType()), null);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof ApiException api ? api : null;
            if (cause != null) {
                throw (ApiException) cause;
            }
            throw ApiException.invalid(fieldPath(e).isEmpty() ? "$" : fieldPath(e), "invalid",
                    e.getOriginalMessage(), null);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body: " + e.getMessage());
        }
        if (value == null) {
            throw ApiException.badRequest("this request needs a JSON object body");
        }
        if (value instanceof Validated validated) {
            Violations violations = new Violations();
            validated.validate(violations);
            violations.throwIfAny();
        }
        return value;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type.isEnum()) {
            StringBuilder sb = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(constants[i].toString());
            }
            return sb.toString();
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }
}
