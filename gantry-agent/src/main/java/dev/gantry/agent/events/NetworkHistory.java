package dev.gantry.agent.events;

import dev.gantry.common.events.Event;
import dev.gantry.common.events.EventBus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The last {@link #CAPACITY} network events and script runs, as published on the event bus (same ids,
 * so the history and the SSE stream can be matched). Publishing goes through here so that the history
 * keeps the bus's order.
 */
final class NetworkHistory {
    static final int CAPACITY = 4096;
    static final String BUS_TYPE = "network";

    private final EventBus bus;
    private final ArrayDeque<NetworkEventEntry> entries = new ArrayDeque<>(CAPACITY);

    NetworkHistory(EventBus bus) {
        this.bus = bus;
    }

    /** Publishes on the bus and keeps the entry; returns the bus id. */
    synchronized long publish(NetworkEventEntry.Data data) {
        Event event = bus.publish(BUS_TYPE, data);
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new NetworkEventEntry(event.id(), event.time(), data.kind(), data.link(), data.ifindex(),
                data.detail()));
        return event.id();
    }

    /** Newest first, at most {@code limit}, only of {@code link} and {@code kind} when given. */
    synchronized List<NetworkEventEntry> list(Optional<String> link, Optional<String> kind, int limit) {
        List<NetworkEventEntry> out = new ArrayList<>(Math.min(limit, entries.size()));
        for (Iterator<NetworkEventEntry> it = entries.descendingIterator(); it.hasNext() && out.size() < limit; ) {
            NetworkEventEntry e = it.next();
            if (link.map(l -> l.equals(e.link())).orElse(true) && kind.map(k -> k.equals(e.kind())).orElse(true)) {
                out.add(e);
            }
        }
        return out;
    }
}
