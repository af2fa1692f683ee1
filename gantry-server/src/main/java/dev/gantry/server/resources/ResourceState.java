package dev.gantry.server.resources;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a resource is in its life; every change of state is a usage record and a change event. */
public enum ResourceState {
    PENDING, CREATING, READY, UPDATING, DELETING, ERROR;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ResourceState of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** States in which the resource is billed: it exists at the provider (or is being changed there). */
    public boolean billed() {
        return this == READY || this == UPDATING;
    }
}
