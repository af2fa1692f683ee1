package dev.gantry.common.http;

/** A request body that checks itself after binding; every failure is collected, none thrown. */
public interface Validated {
    void validate(Violations violations);
}
