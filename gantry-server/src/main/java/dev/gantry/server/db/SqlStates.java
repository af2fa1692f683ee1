package dev.gantry.server.db;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** PostgreSQL's SQLSTATE codes the server turns into answers (409 and the like) rather than 500s. */
public final class SqlStates {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String SERIALIZATION_FAILURE = "40001";

    private SqlStates() {
    }

    /** Whether {@code e} or one of its causes is an SQL error with {@code state}. */
    public static boolean is(Throwable e, String state) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL's DETAIL line of the error (e.g. which row still references which), or its message. */
    public static String detail(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PSQLException pg && pg.getServerErrorMessage() != null) {
                String detail = pg.getServerErrorMessage().getDetail();
                return detail != null ? detail : pg.getServerErrorMessage().getMessage();
            }
        }
        return String.valueOf(e.getMessage());
    }
}
