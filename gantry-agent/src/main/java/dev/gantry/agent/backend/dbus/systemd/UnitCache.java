package dev.gantry.agent.backend.dbus.systemd;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Units' properties as last read, by object path, kept only while systemd's signals say they are
 * current: PropertiesChanged, UnitNew or UnitRemoved on a unit's path drop that unit; Reloading,
 * UnitFilesChanged and a new bus connection drop everything.
 *
 * <p>A read that raced with a signal must not store what it read: each path has a generation that
 * every invalidation raises, and a read stores its result only if neither that generation nor the
 * global epoch moved while it was on the bus. Both checks and the store happen inside one
 * {@code compute}, which the invalidation uses too, so there is no window between them.
 */
final class UnitCache {
    private final Map<String, Map<String, Object>> entries = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    Map<String, Object> get(String path) {
        return entries.get(path);
    }

    /** What {@code load} reads, stored unless the unit was invalidated meanwhile. */
    Map<String, Object> load(String path, Supplier<Map<String, Object>> load, boolean cacheable) {
        long e = epoch.get();
        AtomicLong generation = generations.computeIfAbsent(path, k -> new AtomicLong());
        long g = generation.get();
        Map<String, Object> value = load.get();
        if (cacheable) {
            entries.compute(path, (k, old) -> epoch.get() == e && generation.get() == g ? value : old);
        }
        return value;
    }

    void invalidate(String path) {
        entries.compute(path, (k, old) -> {
            generations.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            return null;
        });
    }

    void clear() {
        epoch.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
