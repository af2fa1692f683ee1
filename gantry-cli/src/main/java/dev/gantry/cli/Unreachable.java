package dev.gantry.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final String SERVER_HINT = "is gantry-server running? systemctl status gantry-server";
    static final String TLS_HINT =
            "to trust the agent's certificate pass --cacert FILE with its CA, or --insecure in a lab";
    static final String CLIENT_CERTIFICATE_HINT = "a certificate the agent's TLSClientCA signed, and its key"
            + " (PKCS#8 PEM); or set " + Gantry.CERT_VARIABLE + " and " + Gantry.KEY_VARIABLE;
    static final String REFUSED_CERTIFICATE_HINT = "the agent accepts certificates its TLSClientCA signed,"
            + " unexpired and for client authentication; check --cert (or " + Gantry.CERT_VARIABLE + ")";
    /** How the JDK words an alert the peer sent, e.g. "Received fatal alert: certificate_required". */
    private static final Pattern RECEIVED_ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    /** Alerts by which a server says it has no certificate from the client, or will not take the one it got. */
    private static final Set<String> NO_CERTIFICATE = Set.of("certificate_required", "bad_certificate");
    private static final Set<String> REFUSED_CERTIFICATE = Set.of("certificate_required", "bad_certificate",
            "certificate_unknown", "unsupported_certificate", "certificate_expired", "certificate_revoked",
            "unknown_ca", "access_denied");
    /** Library messages can be whole state dumps; the full text is in the --verbose trace. */
    private static final int MAX_REASON = 200;

    private final String hint;

    private Unreachable(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /**
     * What a failed exchange with {@code target} means: transport failures become Unreachable with
     * {@code hint} (or a TLS hint, which depends on whether gantry had a {@code clientCertificate} to
     * present); anything else is returned as it is, an internal error.
     */
    static RuntimeException from(Throwable t, String target, String hint, boolean clientCertificate) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return tls(c, target, clientCertificate, t);
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

    /** A TLS failure: the agent's refusal of the client (certificate) if it said so, else distrust of the agent. */
    private static Unreachable tls(Throwable ssl, String target, boolean clientCertificate, Throwable t) {
        Matcher alert = RECEIVED_ALERT.matcher(String.valueOf(ssl.getMessage()));
        String received = alert.find() ? alert.group(1) : "";
        if (!clientCertificate && NO_CERTIFICATE.contains(received)) {
            return new Unreachable("cannot reach gantryd at " + target
                    + ": the agent requires a client certificate: use --cert and --key", CLIENT_CERTIFICATE_HINT, t);
        }
        if (clientCertificate && REFUSED_CERTIFICATE.contains(received)) {
            return new Unreachable("cannot reach gantryd at " + target
                    + ": the agent refused the client certificate (TLS alert " + received + ")",
                    REFUSED_CERTIFICATE_HINT, t);
        }
        return new Unreachable("cannot reach gantryd at " + target + ": TLS: " + reason(ssl), TLS_HINT, t);
    }

    /** gantry-server's admin file cannot be read: not root, not the server host, or the server never started. */
    static Unreachable noAdminFile(java.nio.file.Path file, String reason) {
        return new Unreachable("cannot reach gantry-server: cannot read " + file + ": " + reason,
                "run as root on the server host once gantry-server has started (it writes the file at start),"
                        + " or give --url and " + Gantry.TOKEN_VARIABLE, null);
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
