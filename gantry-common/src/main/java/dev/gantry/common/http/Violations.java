package dev.gantry.common.http;

import java.util.ArrayList;
import java.util.List;

/** Collects every rejected field of one request, so one 400 names them all. */
public final class Violations {
    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Violations add(String field, String code, String message, Object rejected) {
        errors.add(new Problem.FieldError(field, code, message, rejected));
        return this;
    }

    /** Adds the error when {@code ok} is false; returns {@code ok}. */
    public boolean check(boolean ok, String field, String code, String message, Object rejected) {
        if (!ok) {
            add(field, code, message, rejected);
        }
        return ok;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws one 400 naming every collected field, if any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(List.copyOf(errors));
        }
    }
}
