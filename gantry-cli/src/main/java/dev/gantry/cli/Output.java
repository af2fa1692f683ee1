package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Prints answers in the format {@code -o} chose: {@code json} as the API sent it, indented;
 * {@code yaml} the same tree as YAML; {@code table} through a view the command supplies. Tables show
 * times in {@code zone}, to the second.
 */
final class Output {
    enum Format {
        TABLE, JSON, YAML;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Format format;
    private final PrintWriter out;
    private final ZoneId zone;

    Output(Format format, PrintWriter out, ZoneId zone) {
        this.format = format;
        this.out = out;
        this.zone = zone;
    }

    Format format() {
        return format;
    }

    /** Prints {@code value}; in table format as {@code table} renders it. */
    void print(JsonNode value, Function<JsonNode, String> table) {
        out.print(switch (format) {
            case JSON -> Json.pretty(value);
            case YAML -> Json.yaml(value);
            case TABLE -> table.apply(value);
        });
        out.flush();
    }

    /** Prints one line of text as it is (table-format extras such as a token). */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** An ISO-8601 instant from the API as local time ({@code 2026-05-31 14:03:12}); "-" when absent. */
    String time(JsonNode instant) {
        return instant == null || !instant.isTextual() ? "-" : time(instant.asText());
    }

    /** An ISO-8601 instant as local time; text that is none is shown as it is. */
    String time(String instant) {
        try {
            return time(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    String time(Instant instant) {
        return LocalDateTime.ofInstant(instant, zone).format(LOCAL);
    }
}
