package dev.gantry.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure a simulated cluster shows until it is cleared ({@link #none()}): every answer late, the port
 * closed (connection refused), every request refused with 401, or every request failing with 500.
 */
public record Fault(Kind kind, Duration delay) {
    public enum Kind { NONE, SLOW, DOWN, UNAUTHORIZED, SERVER_ERROR }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public static Fault none() {
        return new Fault(Kind.NONE, Duration.ZERO);
    }

    /** Each request is answered after {@code delay}, otherwise normally. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay);
    }

    /** The cluster's port is closed: connecting is refused until the fault is cleared. */
    public static Fault down() {
        return new Fault(Kind.DOWN, Duration.ZERO);
    }

    /** Every request, the ticket request too, is answered 401, as after a password or token change. */
    public static Fault unauthorized() {
        return new Fault(Kind.UNAUTHORIZED, Duration.ZERO);
    }

    public static Fault serverError() {
        return new Fault(Kind.SERVER_ERROR, Duration.ZERO);
    }
}
