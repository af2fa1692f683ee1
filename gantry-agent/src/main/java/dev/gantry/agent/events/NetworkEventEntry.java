package dev.gantry.agent.events;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of {@code GET /api/v1/network/events}, and the data of a {@code network} event on
 * {@code GET /api/v1/events} (there without {@code id} and {@code time}, which the SSE message carries).
 *
 * @param id      the event's id on the agent's event bus
 * @param kind    link-state, manager-state, link, address, route, lease, or script (a script run)
 * @param link    the link's name; null for the manager
 * @param ifindex the link's index; null for the manager
 * @param detail  what happened: for link-state and manager-state {@code changed} (property → value) and
 *                {@code replay}; for script {@code script}, {@code state}, {@code result} (exited, timeout,
 *                failed, skipped), {@code exitCode}, {@code durationMillis}, {@code reason}, {@code trigger}
 *                (the id of the event that ran it)
 */
public record NetworkEventEntry(long id, Instant time, String kind, String link, Integer ifindex,
                                Map<String, Object> detail) {
    public NetworkEventEntry {
        detail = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detail));
    }

    /** What the bus carries: the entry without the bus's own id and time. */
    public record Data(String kind, String link, Integer ifindex, Map<String, Object> detail) {
        public Data {
            detail = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(detail));
        }
    }
}
