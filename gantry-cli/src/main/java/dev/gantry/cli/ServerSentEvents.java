package dev.gantry.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} as the WHATWG spec defines it: fields up to a blank line make one
 * message, lines starting with ':' are comments (the agent's keep-alives), several {@code data} lines
 * join with newlines. Fields other than id, event, data and time are ignored.
 */
final class ServerSentEvents {
    /** One message; {@code time} only if the agent sends that field. */
    record Message(String id, String type, String data, Optional<String> time) {
    }

    private final BufferedReader reader;

    ServerSentEvents(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next message, or empty when the stream ended. */
    Optional<Message> next() throws IOException {
        String id = "";
        String type = "";
        String time = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Message(id, type.isEmpty() ? "message" : type, data.toString(),
                            Optional.ofNullable(time)));
                }
                id = "";
                type = "";
                time = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "time" -> time = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // Unknown fields are ignored, as the spec asks.
                }
            }
        }
        return Optional.empty();
    }
}
