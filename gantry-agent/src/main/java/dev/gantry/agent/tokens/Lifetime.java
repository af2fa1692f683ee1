package dev.gantry.agent.tokens;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Token lifetimes as admins write them: {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}, or ISO-8601 ({@code P30D}). */
final class Lifetime {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhdw])");

    private Lifetime() {
    }

    static Optional<Duration> parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            }).filter(d -> !d.isZero());
        }
        try {
            Duration d = Duration.parse(text.trim());
            return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
