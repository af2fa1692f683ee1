package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code gantry events}: the agent's event stream, printed as it comes. The stream carries no time of
 * its own, so the TIME column is when gantry received the event.
 */
@Command(name = "events", description = {
        "Follow the agent's events until Ctrl-C, --count events, or the agent ends the stream.",
        "Table format: one line per event, ID TIME TYPE SUMMARY (TIME as received). "
                + "json: one object per line (NDJSON) with id, type and data. yaml: one document per event."})
final class EventsCommand extends ApiCommand {
    @Option(names = "--type", split = ",", paramLabel = "TYPE",
            description = "only events of these types, comma-separated, e.g. job")
    List<String> types = List.of();

    @Option(names = "--link", paramLabel = "LINK",
            description = "only network events of this link (see: gantry network events)")
    String link;

    @Option(names = "--kind", split = ",", paramLabel = "KIND",
            description = "only network events of these kinds, comma-separated: link-state, manager-state, link, "
                    + "address, route, lease, script")
    List<String> kinds = List.of();

    @Option(names = "--after", paramLabel = "ID",
            description = "first replay the events after this id that the agent still keeps (to resume a stream)")
    Long after;

    @Option(names = "--count", paramLabel = "N",
            description = "stop after N events, e.g. --type job --count 1 to wait for the next job event")
    Integer count;

    @Override
    int run(AgentClient client) {
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count wants a positive number, not " + count);
        }
        Map<String, String> query = new java.util.LinkedHashMap<>();
        if (!types.isEmpty()) {
            query.put("type", String.join(",", types));
        }
        if (link != null) {
            query.put("link", link);
        }
        if (!kinds.isEmpty()) {
            query.put("kind", String.join(",", kinds));
        }
        Map<String, String> headers = after == null ? Map.of() : Map.of("Last-Event-ID", after.toString());
        Output output = output();
        String lastId = after == null ? "" : after.toString();
        try (InputStream body = client.stream("/events", query, headers)) {
            ServerSentEvents events = new ServerSentEvents(body);
            int printed = 0;
            for (var next = events.next(); next.isPresent(); next = events.next()) {
                ServerSentEvents.Message event = next.get();
                if (event.type().equals("overflow")) {
                    return overflow(event, lastId);
                }
                if (event.type().equals("shutdown")) {
                    return stopped(lastId);
                }
                print(event, output);
                lastId = event.id();
                if (count != null && ++printed == count) {
                    break;
                }
            }
        } catch (IOException e) {
            throw client.lost(e);
        }
        return Gantry.EXIT_OK;
    }

    private void print(ServerSentEvents.Message event, Output output) {
        JsonNode data = data(event);
        switch (output.format()) {
            case JSON -> output.line(Json.compact(envelope(event, data)));
            case YAML -> output.line("---\n" + Json.yaml(envelope(event, data)).stripTrailing());
            case TABLE -> {
                String time = event.time().map(output::time).orElseGet(() -> output.time(gantry().now()));
                output.line(String.format("%-5s %s %-5s %s", event.id(), time, event.type(), summary(event.type(), data))
                        .stripTrailing());
            }
        }
    }

    private static ObjectNode envelope(ServerSentEvents.Message event, JsonNode data) {
        ObjectNode node = Json.object();
        if (event.id().matches("\\d{1,18}")) {
            node.put("id", Long.parseLong(event.id()));
        } else {
            node.put("id", event.id());
        }
        node.put("type", event.type());
        event.time().ifPresent(t -> node.put("time", t));
        node.set("data", data);
        return node;
    }

    /** What a line says about the event: for a job its id, state, progress and message. */
    static String summary(String type, JsonNode data) {
        if (type.equals("job")) {
            String state = data.path("state").asText();
            String message = data.path("message").asText("");
            return data.path("id").asText() + " " + state + " " + data.path("progress").asInt() + "%"
                    + (message.isEmpty() || message.equals(state) ? "" : " " + message);
        }
        if (type.equals("network")) {
            return NetworkCommand.summary(data);
        }
        return Json.compact(data);
    }

    /** The event's data; what is no JSON is the agent's bug, not a lost stream. */
    private static JsonNode data(ServerSentEvents.Message event) {
        try {
            return Json.parse(event.data());
        } catch (IOException e) {
            throw new IllegalStateException("the data of event " + event.id() + " is no JSON: " + event.data(), e);
        }
    }

    /** The agent said it is stopping: the stream is over, and resumable once it is back. */
    private int stopped(String lastId) {
        PrintWriter err = err();
        err.println("gantry: gantryd is stopping; the event stream ended");
        if (!lastId.isEmpty()) {
            err.println("gantry: resume with: gantry events --after " + lastId);
        }
        err.flush();
        return Gantry.EXIT_UNREACHABLE;
    }

    private int overflow(ServerSentEvents.Message event, String lastId) {
        PrintWriter err = err();
        err.println("gantry: the agent ended the stream: " + data(event).path("detail").asText());
        if (!lastId.isEmpty()) {
            err.println("gantry: resume with: gantry events --after " + lastId);
        }
        err.flush();
        return Gantry.EXIT_FAILED;
    }
}
