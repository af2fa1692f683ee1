package dev.gantry.server.resources;

/** What a handler's job step gets: the resource, its stored spec and the provider to call. */
public record ResourceJob<S>(ResourceCore core, S spec, Provider provider) {
}
