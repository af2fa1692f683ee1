package dev.gantry.server.resources;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;

/** Reads PostgreSQL's reason out of a JDBI failure, so a constraint can answer with a 409. */
public final class SqlErrors {
    static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /** The name of the violated unique constraint, if {@code e} is one. */
    public static Optional<String> uniqueConstraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && UNIQUE_VIOLATION.equals(p.getSQLState())
                    && p.getServerErrorMessage() != null) {
                return Optional.ofNullable(p.getServerErrorMessage().getConstraint());
            }
            if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t) {
                Optional<String> next = uniqueConstraint(s.getNextException());
                if (next.isPresent()) {
                    return next;
                }
            }
        }
        return Optional.empty();
    }
}
