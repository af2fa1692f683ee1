package dev.gantry.server.inventory.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * Keyset pagination over a fixed sort key: the cursor ({@code after}, {@code next}) is the last row's
 * key, opaque to clients (base64url of a JSON array), so a page costs an index range, not an OFFSET.
 * A snapshot's rows never change once it has finished, so a cursor stays valid.
 */
final class Keyset {
    /** One column of the key: its SQL expression, the result column it is read from, and its type. */
    record Column(String expression, String label, boolean numeric) {
    }

    private final List<Column> columns;

    Keyset(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    static Column text(String expression, String label) {
        return new Column(expression, label, false);
    }

    static Column number(String expression, String label) {
        return new Column(expression, label, true);
    }

    /** The select list entries that expose the key ({@code expr AS k0, …}). */
    String select() {
        StringBuilder sql = new StringBuilder();
        for (Column c : columns) {
            sql.append(", ").append(c.expression()).append(" AS ").append(c.label());
        }
        return sql.toString();
    }

    String orderBy() {
        return " ORDER BY " + String.join(", ", columns.stream().map(Column::expression).toList());
    }

    /** {@code AND (key) > (:k0, …)} when a cursor is given. */
    String after(Optional<List<Object>> cursor) {
        if (cursor.isEmpty()) {
            return "";
        }
        StringBuilder sql = new StringBuilder(" AND (");
        sql.append(String.join(", ", columns.stream().map(Column::expression).toList())).append(") > (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(":k").append(i);
        }
        return sql.append(')').toString();
    }

    void bind(Query q, Optional<List<Object>> cursor) {
        cursor.ifPresent(values -> {
            for (int i = 0; i < values.size(); i++) {
                q.bind("k" + i, values.get(i));
            }
        });
    }

    /** The cursor after {@code rs}'s current row. */
    String cursor(ResultSet rs) throws SQLException {
        ArrayNode key = Json.mapper().createArrayNode();
        for (Column c : columns) {
            if (c.numeric()) {
                key.add(rs.getLong(c.label()));
            } else {
                key.add(rs.getString(c.label()));
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key an {@code after} value holds; anything this class did not write is a 400. */
    Optional<List<Object>> parse(Optional<String> after) {
        return after.filter(a -> !a.isEmpty()).map(text -> {
            try {
                JsonNode key = Json.mapper().readTree(Base64.getUrlDecoder().decode(text));
                if (key == null || !key.isArray() || key.size() != columns.size()) {
                    throw new IllegalArgumentException("wrong shape");
                }
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    JsonNode v = key.get(i);
                    if (columns.get(i).numeric() ? !v.canConvertToLong() || !v.isIntegralNumber() : !v.isTextual()) {
                        throw new IllegalArgumentException("wrong type");
                    }
                    values[i] = columns.get(i).numeric() ? (Object) v.asLong() : v.asText();
                }
                return List.of(values);
            } catch (Exception e) {
                throw ApiException.invalid("after", "cursor", "the next value of a previous page", text);
            }
        });
    }
}
