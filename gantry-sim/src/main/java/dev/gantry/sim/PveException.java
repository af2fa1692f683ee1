package dev.gantry.sim;

import java.util.Map;

/**
 * A failure answered the way pveproxy answers one: an HTTP status, a one-line message (Proxmox puts it in
 * the status line and, since PVE 7, in the body's {@code message}), and for parameter errors a map from
 * parameter to complaint under {@code errors}.
 */
final class PveException extends RuntimeException {
    private final int status;
    private final Map<String, String> errors;

    private PveException(int status, String message, Map<String, String> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = Map.copyOf(errors);
    }

    /**
     * A handler that died: pveproxy answers 500 with the message, which keeps the newline Proxmox's
     * {@code die "…\n"} ends it with.
     */
    static PveException failed(String message) {
        return new PveException(500, message + "\n", Map.of());
    }

    static PveException unauthorized(String message) {
        return new PveException(401, message, Map.of());
    }

    static PveException notImplemented(String method, String path) {
        return new PveException(501, "Method '" + method + " " + path + "' not implemented", Map.of());
    }

    /** Parameter verification failed: 400, one complaint per parameter. */
    static PveException badParameters(Map<String, String> errors) {
        return new PveException(400, "Parameter verification failed.", errors);
    }

    static PveException badParameter(String name, String complaint) {
        return badParameters(Map.of(name, complaint));
    }

    int status() {
        return status;
    }

    Map<String, String> errors() {
        return errors;
    }
}
