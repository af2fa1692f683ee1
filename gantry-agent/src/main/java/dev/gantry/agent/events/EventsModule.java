package dev.gantry.agent.events;

import dev.gantry.agent.events.policy.PolicyRouting;
import dev.gantry.agent.events.policy.PolicyRoutesRoute;
import dev.gantry.common.events.Event;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/events}: the event bus as Server-Sent Events. Each event carries its bus id, so
 * a client that reconnects with {@code Last-Event-ID} resumes where it left off (within the kept history).
 */
public final class EventsModule implements ApiModule {
    static final long HEARTBEAT_MILLIS = 15_000;
    private final EventBus bus;
    private final PolicyRouting policyRouting;

    public EventsModule(EventBus bus) {
        this(bus, PolicyRouting.off());
    }

    public EventsModule(EventBus bus, PolicyRouting policyRouting) {
        this.bus = bus;
        this.policyRouting = policyRouting;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String description() {
        return "The agent's event stream (Server-Sent Events)";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/events").summary("Stream events as Server-Sent Events").streams("text/event-stream")
                .description("Each SSE message has `id` (rising by one per event on the bus), `event` "
                        + "(the type, e.g. `job`) and `data` (JSON). A comment line is sent every 15 s "
                        + "to keep idle connections open.")
                .query("type", String.class, "comma-separated event types to receive (default: all)")
                .handle(req -> {
                    Predicate<Event> filter = req.query("type")
                            .map(t -> Set.of(t.split(",")))
                            .<Predicate<Event>>map(types -> e -> types.contains(e.type()))
                            .orElse(e -> true);
                    long after = req.header("Last-Event-ID").map(EventsModule::parseId).orElse(0L);
                    return Reply.stream("text/event-stream", out -> stream(filter, after, out));
                });
        PolicyRoutesRoute.register(routes, policyRouting);
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void stream(Predicate<Event> filter, long after, OutputStream out) throws java.io.IOException,
            InterruptedException {
        try (EventBus.Subscription subscription = bus.subscribe(filter, after)) {
            out.write((": gantry events, last id " + bus.lastId() + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                Event event;
                try {
                    event = subscription.next(HEARTBEAT_MILLIS);
                } catch (EventBus.Overflow e) {
                    out.write(("event: overflow\ndata: {\"detail\":\"" + e.getMessage()
                            + "; reconnect with Last-Event-ID\"}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                } catch (EventBus.Ended e) {
                    out.write("event: shutdown\ndata: {\"detail\":\"the agent is stopping\"}\n\n"
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                }
                out.write(event == null ? ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8) : format(event));
                out.flush();
            }
        }
    }

    static byte[] format(Event event) {
        String data = Json.text(event.data());
        return ("id: " + event.id() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
