package dev.gantry.common.events;

import java.time.Instant;

/** One event on the bus. {@code id} rises by one per event, so a reader can tell order and loss. */
public record Event(long id, String type, Instant time, Object data) {
}
