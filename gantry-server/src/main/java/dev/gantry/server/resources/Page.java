package dev.gantry.server.resources;

import java.util.List;

/** One page of a list; {@code next}, when present, is the {@code after} value for the next page. */
public record Page<S>(List<Resource<S>> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
