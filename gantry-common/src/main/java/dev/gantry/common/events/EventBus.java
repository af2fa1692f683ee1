package dev.gantry.common.events;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The agent's one event bus. Events are numbered and delivered to every subscriber in that order;
 * the last {@value #HISTORY} are kept so a reconnecting reader can resume after the id it last saw.
 * A subscriber that falls {@value #QUEUE} events behind is cut off (told so) rather than slowing the
 * publishers or growing without bound.
 */
public final class EventBus {
    static final int HISTORY = 1024;
    static final int QUEUE = 4096;

    private static final Event END = new Event(-1, "end", java.time.Instant.EPOCH, null);

    private final Clock clock;
    private final ArrayDeque<Event> history = new ArrayDeque<>(HISTORY);
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private long lastId;
    private boolean closed;

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    /** Publishes an event; never blocks on slow subscribers. */
    public synchronized Event publish(String type, Object data) {
        Event event = new Event(++lastId, type, clock.instant(), data);
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(event);
        for (Subscription s : subscribers) {
            s.offer(event);
        }
        return event;
    }

    /**
     * Subscribes to events matching {@code filter}, first replaying the kept events with an id above
     * {@code afterId} (0 replays nothing older than now).
     */
    public synchronized Subscription subscribe(Predicate<Event> filter, long afterId) {
        Subscription s = new Subscription(filter);
        if (closed) {
            s.end();
            return s;
        }
        if (afterId > 0) {
            for (Event e : history) {
                if (e.id() > afterId) {
                    s.offer(e);
                }
            }
        }
        subscribers.add(s);
        return s;
    }

    public synchronized long lastId() {
        return lastId;
    }

    /** Ends every subscription (their readers get {@link Ended}); later subscriptions end at once. */
    public synchronized void close() {
        closed = true;
        for (Subscription s : subscribers) {
            s.end();
        }
        subscribers.clear();
    }

    /** A reader's queue; close it when done. */
    public final class Subscription implements AutoCloseable {
        private final Predicate<Event> filter;
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean overflowed;

        private Subscription(Predicate<Event> filter) {
            this.filter = filter;
        }

        private void offer(Event e) {
            if (!overflowed && filter.test(e) && !queue.offer(e)) {
                overflowed = true;
            }
        }

        private void end() {
            while (!queue.offer(END)) {
                queue.poll();
            }
        }

        /**
         * The next event, or null after {@code timeoutMillis}; throws {@link Overflow} when this reader
         * fell behind and {@link Ended} when the bus closed.
         */
        public Event next(long timeoutMillis) throws InterruptedException, Overflow, Ended {
            Event e = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (e == END) {
                throw new Ended();
            }
            if (e == null && overflowed) {
                throw new Overflow();
            }
            return e;
        }

        public List<Event> drain() {
            List<Event> out = new ArrayList<>();
            queue.drainTo(out);
            out.remove(END);
            return out;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    /** The bus closed: the agent is stopping. */
    public static final class Ended extends Exception {
        public Ended() {
            super("the event bus closed");
        }
    }

    /** The subscriber fell too far behind and was cut off; it may resubscribe from its last id. */
    public static final class Overflow extends Exception {
        public Overflow() {
            super("event reader fell " + QUEUE + " events behind");
        }
    }
}
