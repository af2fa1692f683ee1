package dev.gantry.server.providers;

import dev.gantry.common.http.Pem;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How gantry-server's clients (Proxmox, gantryd agents) trust a cluster's certificate: the JDK's CA
 * check (default), a pinned SHA-256 fingerprint of the leaf certificate, or nothing at all
 * ({@code insecure}, for labs); and, for agents, the client certificate they present.
 *
 * <p>Pinning and insecure skip the host name check on purpose: Proxmox's self-signed node
 * certificates name the node, and agents are dialled by address as often as by name. The trust
 * managers extend {@link X509ExtendedTrustManager} because JSSE adds its own host name check around a
 * plain {@code X509TrustManager}.
 */
public final class Tls {
    private Tls() {
    }

    public static SSLContext context(boolean insecure, Optional<String> fingerprint) {
        return context(insecure, fingerprint, Optional.empty());
    }

    /** As above, presenting {@code identity} (a key store of one entry, empty password) when the server asks. */
    public static SSLContext context(boolean insecure, Optional<String> fingerprint, Optional<KeyStore> identity) {
        try {
            if (!insecure && fingerprint.isEmpty() && identity.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyManager[] keys = null;
            if (identity.isPresent()) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(identity.get(), new char[0]);
                keys = factory.getKeyManagers();
            }
            // Null trust managers: the JDK's CA check.
            TrustManager[] trust = insecure ? new TrustManager[] {new Pinned(Optional.empty())}
                    : fingerprint.isPresent() ? new TrustManager[] {new Pinned(fingerprint.map(Tls::normalize))} : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * The client identity in {@code pem} (certificate chain, leaf first, and its PKCS#8 key);
     * {@code where} names it in the message of the {@link IllegalArgumentException} thrown when it cannot serve.
     */
    public static KeyStore identity(String where, String pem) {
        try {
            return Pem.keyStore(where, pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code AB:CD:…} as Proxmox prints it, or plain hex in either case, to lower-case hex without separators. */
    public static String normalize(String fingerprint) {
        return fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    }

    public static String sha256(X509Certificate certificate) throws CertificateException {
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
