package dev.gantry.server.resources;

import dev.gantry.common.http.Violations;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of a create or an update: the name, the tags and the type's spec. The service checks it
 * together with the spec, so one 400 names every bad field of both.
 */
public record ResourceRequest<S>(String name, Map<String, String> tags, S spec) {
    // A name must not parse as a UUID, so that a path segment addresses one resource by name or id.
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_TAGS = 64;

    public ResourceRequest {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    void validate(Violations v) {
        if (v.check(name != null, "name", "required", "a name is required", null)) {
            v.check(NAME.matcher(name).matches() && !ResourceKey.isUuid(name), "name", "pattern",
                    "lowercase letters, digits and '-', 1-63 characters, not a UUID", name);
        }
        v.check(tags.size() <= MAX_TAGS, "tags", "size", "at most " + MAX_TAGS + " tags", tags.size());
        tags.forEach((key, value) -> v.check(!key.isEmpty() && key.length() <= 128 && value != null
                && value.length() <= 256, "tags." + key, "tag", "keys 1-128 and values up to 256 characters", value));
        v.check(spec != null, "spec", "required", "the type's spec is required", null);
    }
}
