package dev.gantry.server.keys;

/**
 * The master key is missing, wrong or unusable: the server must not start, and the message says what
 * is wrong and what to do.
 */
public final class KeyException extends RuntimeException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
