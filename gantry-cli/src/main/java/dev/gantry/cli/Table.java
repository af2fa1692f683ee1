package dev.gantry.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text laid out for reading: columns under upper-case headers, three spaces apart, as kubectl prints
 * them ({@link #columns}); or one labelled value a line for a single object ({@link #details}).
 */
final class Table {
    private static final String GAP = "   ";

    private final List<String[]> rows = new ArrayList<>();
    private final boolean details;

    private Table(boolean details) {
        this.details = details;
    }

    static Table columns(String... headers) {
        Table table = new Table(false);
        table.rows.add(headers.clone());
        return table;
    }

    static Table details() {
        return new Table(true);
    }

    /** A row of cells; null cells print as "-". */
    Table row(String... cells) {
        if (!details && cells.length != rows.getFirst().length) {
            throw new IllegalArgumentException("expected " + rows.getFirst().length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null || c.isEmpty() ? "-" : c).toArray(String[]::new));
        return this;
    }

    /** A labelled value; a value of several lines continues under the first. */
    Table add(String label, String value) {
        return row(label + ":", value);
    }

    String render() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                if (details && i == row.length - 1) {
                    cell = cell.replace("\n", "\n" + " ".repeat(line.length()));
                }
                line.append(cell);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - cell.length())).append(details ? "  " : GAP);
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
