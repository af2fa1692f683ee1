package dev.gantry.common.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry modules add their routes to. Each route declares method, path, summary, request and
 * response types and the access it needs; GET routes need read access and take no body, every other
 * method needs write access unless the route says otherwise.
 */
public final class Routes {
    private final String basePath;
    private final List<Route> routes = new ArrayList<>();
    private String module = "core";

    public Routes(String basePath) {
        this.basePath = basePath;
    }

    /** Registers every route of {@code apiModule} under its name. */
    public Routes add(ApiModule apiModule) {
        String previous = module;
        module = apiModule.name();
        try {
            apiModule.register(this);
        } finally {
            module = previous;
        }
        return this;
    }

    public Builder get(String path) {
        return new Builder("GET", path);
    }

    public Builder post(String path) {
        return new Builder("POST", path);
    }

    public Builder put(String path) {
        return new Builder("PUT", path);
    }

    public Builder patch(String path) {
        return new Builder("PATCH", path);
    }

    public Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    public List<Route> all() {
        return List.copyOf(routes);
    }

    public String basePath() {
        return basePath;
    }

    /** One route under construction; {@link #handle} adds it. */
    public final class Builder {
        private final String method;
        private final String path;
        private final String owner;
        private String summary = "";
        private String description = "";
        private Access access;
        private Type requestType;
        private Type responseType;
        private Integer status;
        private String streamMediaType;
        private final List<Route.QueryParam> queryParams = new ArrayList<>();
        private boolean absolute;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
            this.owner = module;
            this.access = method.equals("GET") ? Access.READ : Access.WRITE;
        }

        public Builder summary(String text) {
            this.summary = text;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder access(Access required) {
            this.access = required;
            return this;
        }

        public Builder body(Class<?> type) {
            if (method.equals("GET") || method.equals("DELETE")) {
                throw new IllegalArgumentException(method + " " + path + " cannot take a body");
            }
            this.requestType = type;
            return this;
        }

        public Builder returns(Class<?> type) {
            this.responseType = type;
            return this;
        }

        /** A generic body type (see {@link Routes#parameterized}). */
        public Builder body(Type type) {
            if (method.equals("GET") || method.equals("DELETE")) {
                throw new IllegalArgumentException(method + " " + path + " cannot take a body");
            }
            this.requestType = type;
            return this;
        }

        /** A generic response type (see {@link Routes#parameterized}). */
        public Builder returns(Type type) {
            this.responseType = type;
            return this;
        }

        public Builder returnsListOf(Class<?> type) {
            this.responseType = listOf(type);
            return this;
        }

        public Builder status(int code) {
            this.status = code;
            return this;
        }

        public Builder query(String name, Class<?> type, String text) {
            queryParams.add(new Route.QueryParam(name, text, type));
            return this;
        }

        /** The route answers with a stream of this media type (e.g. text/event-stream). */
        public Builder streams(String mediaType) {
            this.streamMediaType = mediaType;
            return this;
        }

        /** The path is not under the base path (e.g. {@code /metrics}). */
        public Builder absolute() {
            this.absolute = true;
            return this;
        }

        public void handle(Handler handler) {
            String full = absolute ? path : basePath + path;
            int code = status != null ? status : (responseType == null && streamMediaType == null ? 204 : 200);
            routes.add(new Route(method, full, owner, summary, description, access,
                    Optional.ofNullable(requestType), Optional.ofNullable(responseType), code,
                    Optional.ofNullable(streamMediaType), queryParams, handler));
        }
    }

    static Type listOf(Class<?> element) {
        return parameterized(List.class, element);
    }

    /** {@code raw<arguments>} as a reflective type, for generic request and response records. */
    public static Type parameterized(Class<?> raw, Type... arguments) {
        Type[] args = arguments.clone();
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }

            @Override
            public String getTypeName() {
                return raw.getName() + java.util.Arrays.stream(args).map(Type::getTypeName)
                        .collect(java.util.stream.Collectors.joining(",", "<", ">"));
            }
        };
    }
}
