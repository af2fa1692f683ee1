package dev.gantry.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * No answer from the agent: the socket or URL is missing, refused, silent, or its TLS not trusted. The
 * message names the target and the reason as the kernel or TLS words it; {@link #hint()} says what to
 * check next.
 */
final class Unreachable extends RuntimeException {
    static final String SOCKET_HINT = "is gantryd running? systemctl status gantryd";
    static final String TCP_HINT =
            "is gantryd running and listening there? systemctl status gantryd, and its [Network] Listen setting";
    static final String TLS_HINT =
            "to trust the agent's certificate pass --cacert FILE with its CA, or --insecure in a lab";
    /** Library messages can be whole state dumps; the full text is in the --verbose trace. */
    private static final int MAX_REASON = 200;

    private final String hint;

    private Unreachable(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /**
     * What a failed exchange with {@code target} means: transport failures become Unreachable with
     * {@code hint} (or the TLS hint); anything else is returned as it is, an internal error.
     */
    static RuntimeException from(Throwable t, String target, String hint) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return new Unreachable("cannot reach gantryd at " + target + ": TLS: " + reason(c), TLS_HINT, t);
            }
            if (c instanceof TimeoutException) {
                return new Unreachable("gantryd at " + target + " did not answer in time", hint, t);
            }
            if (c instanceof UnresolvedAddressException) {
                return new Unreachable("cannot reach gantryd at " + target + ": unknown host", hint, t);
            }
            if (c instanceof InterruptedException) {
                return new Unreachable("interrupted while talking to gantryd at " + target, hint, t);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return new Unreachable("cannot reach gantryd at " + target + ": " + reason(c), hint, t);
            }
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** A stream that broke off after it had begun: the agent stopped or the network failed. */
    static Unreachable lost(IOException e, String target, String hint) {
        return new Unreachable("lost the stream from gantryd at " + target + ": " + reason(e), hint, e);
    }

    /** What to check next, e.g. whether gantryd runs. */
    String hint() {
        return hint;
    }

    /** The innermost message, as the kernel worded it ("Connection refused" becomes "connection refused"). */
    private static String reason(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EOFException) {
                // Jetty words this as a dump of its connection state.
                return "the agent closed the connection";
            }
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        message = message.lines().findFirst().orElse("");
        if (message.length() > MAX_REASON) {
            message = message.substring(0, MAX_REASON) + "...";
        }
        boolean sentence = message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1));
        return sentence ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message;
    }
}
