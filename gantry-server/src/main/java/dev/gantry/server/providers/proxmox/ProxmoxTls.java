package dev.gantry.server.providers.proxmox;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the client trusts a cluster's certificate: the JDK's CA check (default), a pinned SHA-256
 * fingerprint of the leaf certificate, or nothing at all ({@code insecure}, for labs).
 *
 * <p>Pinning and insecure skip the host name check on purpose: Proxmox's self-signed node
 * certificates name the node, not the address the server dials. The trust managers extend
 * {@link X509ExtendedTrustManager} because JSSE adds its own host name check around a plain
 * {@code X509TrustManager}.
 */
final class ProxmoxTls {
    private ProxmoxTls() {
    }

    static SSLContext context(boolean insecure, Optional<String> fingerprint) {
        try {
            if (!insecure && fingerprint.isEmpty()) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager manager = insecure ? new Pinned(Optional.empty()) : new Pinned(fingerprint.map(ProxmoxTls::normalize));
            context.init(null, new TrustManager[] {manager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
        }
    }

    /** {@code AB:CD:…} as Proxmox prints it, or plain hex in either case, to lower-case hex without separators. */
    static String normalize(String fingerprint) {
        return fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    }

    static String sha256(X509Certificate certificate) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    /** Accepts exactly the leaf whose SHA-256 is {@code expected}; with none expected, anything. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final Optional<String> expected;

        Pinned(Optional<String> expected) {
            this.expected = expected;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (expected.isEmpty()) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the cluster sent no certificate");
            }
            String actual = sha256(chain[0]);
            if (!actual.equals(expected.get())) {
                throw new CertificateException("certificate fingerprint " + actual + " does not match the pinned "
                        + expected.get());
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
