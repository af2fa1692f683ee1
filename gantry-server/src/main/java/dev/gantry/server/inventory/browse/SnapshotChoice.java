package dev.gantry.server.inventory.browse;

import dev.gantry.common.http.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which snapshot a request asks for: {@code latest}, a snapshot id, or a time (the newest snapshot
 * started at or before it). Latest and times only ever pick a finished snapshot (ok or partial).
 */
sealed interface SnapshotChoice {
    record Latest() implements SnapshotChoice {
    }

    record ById(long id) implements SnapshotChoice {
    }

    record StartedBy(Instant time) implements SnapshotChoice {
    }

    /**
     * {@code at=}: absent or {@code latest}, digits (an id), or an ISO-8601 time with offset
     * ({@code 2026-12-07T10:00:00Z}); anything else is a 400 naming {@code field}.
     */
    static SnapshotChoice parse(String field, Optional<String> text) {
        if (text.isEmpty() || text.get().equals("latest")) {
            return new Latest();
        }
        String value = text.get();
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() <= 18) {
            return new ById(Long.parseLong(value));
        }
        try {
            return new StartedBy(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "snapshot",
                    "latest, a snapshot id, or an ISO-8601 time such as 2026-12-07T10:00:00Z", value);
        }
    }

    /**
     * HyperProxmox's {@code <date|last>} path segment: {@code last}, or the crawl's start in epoch
     * seconds, meaning the newest finished snapshot started within or before that second (our start
     * times have microseconds; HyperProxmox's date is their whole second).
     */
    static SnapshotChoice parseDate(String text) {
        if (text.equals("last")) {
            return new Latest();
        }
        if (!text.isEmpty() && text.length() <= 12 && text.chars().allMatch(Character::isDigit)) {
            return new StartedBy(Instant.ofEpochSecond(Long.parseLong(text) + 1).minusNanos(1000));
        }
        throw ApiException.invalid("date", "date", "last, or a snapshot's start in epoch seconds", text);
    }
}
