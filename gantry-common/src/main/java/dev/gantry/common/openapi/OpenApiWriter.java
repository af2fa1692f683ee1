package dev.gantry.common.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.gantry.common.http.Access;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Problem;
import dev.gantry.common.http.Route;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the OpenAPI 3.1 document from the registered routes; schemas are generated from the same
 * Java records the handlers bind and return, so the document cannot drift from the code.
 */
public final class OpenApiWriter {
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 201, "Created", 202, "Accepted",
            204, "No content", 400, "Invalid request", 401, "No or bad credentials",
            403, "The caller may not do this", 404, "Not found", 415, "Body is not JSON", 503, "A system backend is unavailable");

    private OpenApiWriter() {
    }

    /**
     * The document, written on the first call and kept: not at start, because the schema generator is
     * a fifth of the classes an idle program would otherwise load. {@code modules} and {@code routes}
     * are read then, so they may still be filled after this returns (the module that serves the
     * document is registered with it).
     */
    public static Supplier<JsonNode> onFirstUse(String title, String version, String description,
                                                List<ApiModule> modules, Routes routes) {
        AtomicReference<JsonNode> written = new AtomicReference<>();
        return () -> {
            JsonNode document = written.get();
            if (document == null) {
                document = write(title, version, description, modules, routes.all());
                if (!written.compareAndSet(null, document)) {
                    document = written.get();
                }
            }
            return document;
        };
    }

    public static JsonNode write(String title, String version, String description, List<ApiModule> modules,
                                 List<Route> routes) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.FLATTENED_ENUMS_FROM_TOSTRING)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // A generic record is named with its arguments (ResourceOfNetwork), so each instantiation is its own schema.
        config.forTypesInGeneral().withDefinitionNamingStrategy((key, context) -> {
            StringBuilder name = new StringBuilder(key.getType().getErasedType().getSimpleName());
            for (var argument : key.getType().getTypeParameters()) {
                name.append("Of").append(argument.getErasedType().getSimpleName());
            }
            return name.toString();
        });
        enumsAsJsonNames(config);
        // Record components renamed for JSON (a Java keyword such as "static" cannot be a component name).
        config.forFields().withPropertyNameOverrideResolver(field -> {
            JsonProperty named = field.getAnnotationConsideringFieldAndGetter(JsonProperty.class);
            return named == null || named.value().isEmpty() ? null : named.value();
        });
        SchemaBuilder schemas = new SchemaGenerator(config.build()).buildMultipleSchemaDefinitions();

        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", title).put("version", version).put("description", description);
        ArrayNode tags = doc.putArray("tags");
        for (ApiModule m : modules) {
            tags.addObject().put("name", m.name()).put("description", m.description());
        }
        ObjectNode paths = doc.putObject("paths");
        ObjectNode problemRef = schemas.createSchemaReference(Problem.class);
        for (Route route : routes) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path())
                    : paths.putObject(route.path());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route, schemas, problemRef));
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode defs = schemas.collectDefinitions("components/schemas");
        components.set("schemas", defs);
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject("bearer").put("type", "http").put("scheme", "bearer")
                .put("description", "An agent token (TCP listeners). On the Unix socket the caller's "
                        + "peer credentials are used instead.");
        doc.putArray("security").addObject().putArray("bearer");
        return doc;
    }

    private static ObjectNode operation(Route route, SchemaBuilder schemas, ObjectNode problemRef) {
        ObjectNode op = Json.mapper().createObjectNode();
        op.putArray("tags").add(route.module());
        op.put("operationId", route.operationId());
        op.put("summary", route.summary());
        String access = switch (route.access()) {
            case READ -> "Needs scope `" + route.module() + ":read` (or `:write`, or `*`).";
            case WRITE -> "Needs scope `" + route.module() + ":write` (or `*`).";
            case ADMIN -> "Needs scope `*` (or an admin on the Unix socket).";
        };
        op.put("description", (route.description().isEmpty() ? "" : route.description() + "\n\n") + access);
        ArrayNode params = op.putArray("parameters");
        Matcher m = PARAM.matcher(route.path());
        while (m.find()) {
            ObjectNode p = params.addObject();
            p.put("name", m.group(1)).put("in", "path").put("required", true);
            p.putObject("schema").put("type", "string");
        }
        for (Route.QueryParam q : route.queryParams()) {
            ObjectNode p = params.addObject();
            p.put("name", q.name()).put("in", "query").put("required", false).put("description", q.description());
            p.set("schema", schemas.createSchemaReference(q.type()));
        }
        route.requestType().ifPresent(type -> {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/json").set("schema", schemas.createSchemaReference(type));
        });
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(String.valueOf(route.status()));
        ok.put("description", REASONS.getOrDefault(route.status(), "Success"));
        if (route.streamMediaType().isPresent()) {
            ok.putObject("content").putObject(route.streamMediaType().get()).putObject("schema").put("type", "string");
        } else if (route.responseType().isPresent()) {
            Type type = route.responseType().get();
            ok.putObject("content").putObject("application/json").set("schema", schemas.createSchemaReference(type));
        }
        List<Integer> errors = new java.util.ArrayList<>(List.of(400, 401, 403));
        if (route.path().contains("{")) {
            errors.add(404);
        }
        if (route.requestType().isPresent()) {
            errors.add(415);
        }
        errors.add(503);
        for (int status : errors) {
            ObjectNode r = responses.putObject(String.valueOf(status));
            r.put("description", REASONS.get(status));
            r.putObject("content").putObject(Problem.MEDIA_TYPE).set("schema", problemRef.deepCopy());
        }
        if (route.access() == Access.ADMIN) {
            op.put("x-gantry-admin", true);
        }
        return op;
    }

    /** Enum values as they appear in JSON (their {@code @JsonProperty} names), not their Java names. */
    private static void enumsAsJsonNames(SchemaGeneratorConfigBuilder config) {
        config.forTypesInGeneral().withEnumResolver(scope -> {
            Class<?> type = scope.getType().getErasedType();
            if (!type.isEnum()) {
                return null;
            }
            Map<String, Object> names = new LinkedHashMap<>();
            for (Object constant : type.getEnumConstants()) {
                names.put(((Enum<?>) constant).name(), Json.mapper().convertValue(constant, String.class));
            }
            return List.copyOf(names.values());
        });
    }
}
