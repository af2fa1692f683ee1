package dev.gantry.agent.system;

import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Body of {@code PUT /system/time}; each field optional. {@code timezone} is a zone of the host's tz
 * database ({@code Europe/Berlin}); {@code ntp} turns network time on or off; {@code time} sets the
 * clock to an ISO-8601 instant ({@code 2026-05-31T12:00:00Z}) and needs NTP off; {@code localRtc}
 * says whether the RTC keeps local time. They are applied in that order: zone, RTC mode, NTP, time.
 */
public record TimeChange(String timezone, Boolean ntp, String time, Boolean localRtc) implements Validated {

    @Override
    public void validate(Violations v) {
        v.check(timezone != null || ntp != null || time != null || localRtc != null, "$", "empty",
                "give at least one of timezone, ntp, time, localRtc", null);
        if (time != null) {
            if (v.check(instant().isPresent(), "time", "instant", "an ISO-8601 instant such as 2026-05-31T12:00:00Z",
                    time)) {
                v.check(!Boolean.TRUE.equals(ntp), "time", "conflict", "cannot set the time while turning NTP on",
                        time);
            }
        }
    }

    /** {@code time} as an instant; empty when absent or not one. */
    Optional<Instant> instant() {
        if (time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
