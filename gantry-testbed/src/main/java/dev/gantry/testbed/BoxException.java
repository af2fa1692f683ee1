package dev.gantry.testbed;

/** A disposable host could not be booted, reached or used; the message says what to look at. */
public final class BoxException extends RuntimeException {

    BoxException(String message) {
        super(message);
    }

    BoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
