package dev.gantry.common.http;

/**
 * A module: one package that registers its routes once. Its name is the first path segment under
 * the base path and the prefix of its scopes ({@code name:read}, {@code name:write}).
 */
public interface ApiModule {
    String name();

    /** One line for the OpenAPI tag. */
    String description();

    void register(Routes routes);
}
