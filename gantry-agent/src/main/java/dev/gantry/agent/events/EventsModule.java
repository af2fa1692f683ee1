package dev.gantry.agent.events;

import dev.gantry.agent.events.policy.PolicyRoutesRoute;
import dev.gantry.common.events.Event;
import dev.gantry.common.events.EventBus;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.json.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import dev.gantry.common.http.Violations;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/events}: the event bus as Server-Sent Events. Each event carries its bus id, so
 * a client that reconnects with {@code Last-Event-ID} resumes where it left off (within the kept history).
 * With a network event broker, also {@code GET /api/v1/network/events}: its kept history.
 */
public final class EventsModule implements ApiModule {
    static final long HEARTBEAT_MILLIS = 15_000;
    static final int DEFAULT_LIMIT = 100;
    private final EventBus bus;
    private final Optional<NetworkEventBroker> broker;

    /** The event stream alone. */
    public EventsModule(EventBus bus) {
        this.bus = bus;
        this.broker = Optional.empty();
    }

    /** The event stream and the network event broker's history. */
    public EventsModule(EventBus bus, NetworkEventBroker broker) {
        this.bus = bus;
        this.broker = Optional.of(broker);
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
                .query("link", String.class, "only network events of this link")
                .query("kind", String.class, "only network events of these kinds, comma-separated: "
                        + String.join(", ", NetworkEvents.KINDS))
                .handle(req -> {
                    Predicate<Event> filter = req.query("type")
                            .map(t -> Set.of(t.split(",")))
                            .<Predicate<Event>>map(types -> e -> types.contains(e.type()))
                            .orElse(e -> true);
                    Optional<String> link = req.query("link");
                    Optional<Set<String>> kinds = kinds(req.query("kind"));
                    if (link.isPresent() || kinds.isPresent()) {
                        filter = filter.and(e -> e.data() instanceof NetworkEventEntry.Data d
                                && link.map(l -> l.equals(d.link())).orElse(true)
                                && kinds.map(k -> k.contains(d.kind())).orElse(true));
                    }
                    Predicate<Event> chosen = filter;
                    long after = req.header("Last-Event-ID").map(EventsModule::parseId).orElse(0L);
                    return Reply.stream("text/event-stream", out -> stream(chosen, after, out));
                });
        broker.ifPresent(b -> PolicyRoutesRoute.register(routes, b::policyRouting));
        broker.ifPresent(b -> routes.get("/network/events")
                .summary("List the network event broker's recent events and script runs, newest first")
                .description("The last " + NetworkHistory.CAPACITY + " network events (networkd link and manager "
                        + "states, rtnetlink links, addresses and routes, dhclient leases) and script runs, with "
                        + "their ids on the event bus (`GET /events` streams the same entries as type `network`).")
                .returnsListOf(NetworkEventEntry.class)
                .query("link", String.class, "only entries of this link")
                .query("kind", String.class, "only entries of these kinds, comma-separated: "
                        + String.join(", ", NetworkEvents.KINDS))
                .query("limit", Integer.class, "at most this many entries (1-" + NetworkHistory.CAPACITY
                        + ", default " + DEFAULT_LIMIT + ")")
                .handle(req -> {
                    Optional<Set<String>> kinds = kinds(req.query("kind"));
                    int limit = req.intQuery("limit", 1, NetworkHistory.CAPACITY).orElse(DEFAULT_LIMIT);
                    return b.history(req.query("link"), Optional.empty(), NetworkHistory.CAPACITY).stream()
                            .filter(e -> kinds.map(k -> k.contains(e.kind())).orElse(true)).limit(limit).toList();
                }));
    }

    /** A {@code kind} filter, every name checked: an unknown kind is a 400, not an empty answer. */
    private static Optional<Set<String>> kinds(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Set<String> kinds = Set.of(text.get().split(","));
        Violations v = new Violations();
        for (String kind : kinds) {
            v.check(NetworkEvents.KINDS.contains(kind), "kind", "enum", "one of " + String.join(", ",
                    NetworkEvents.KINDS), kind);
        }
        v.throwIfAny();
        return Optional.of(kinds);
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
