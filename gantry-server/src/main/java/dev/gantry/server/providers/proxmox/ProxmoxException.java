package dev.gantry.server.providers.proxmox;

/**
 * A Proxmox API call that failed: an HTTP error with Proxmox's message, or no answer at all
 * ({@link #status()} 0: refused, timed out, TLS rejected).
 */
public final class ProxmoxException extends RuntimeException {
    private final int status;

    public ProxmoxException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ProxmoxException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when the cluster did not answer. */
    public int status() {
        return status;
    }

    /** Proxmox's answer to a config PUT whose digest no longer matches (someone else changed the guest). */
    public boolean isDigestMismatch() {
        return status == 500 && getMessage() != null && getMessage().contains("detected modified configuration");
    }
}
