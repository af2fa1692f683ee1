package dev.gantry.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client certificate gantry presents in the TLS handshake ({@code --cert}, {@code --key}): a PEM
 * certificate chain and its PKCS#8 PEM private key, read with the JDK alone into an in-memory PKCS#12
 * key store. Legacy key formats (PKCS#1, SEC1, encrypted) are refused with the openssl command that
 * converts them; a key that does not belong to the certificate is refused before anything is sent.
 */
final class ClientCertificate {
    /** The password of the in-memory store and its one entry; the store never leaves this process. */
    static final String PASSWORD = "";
    static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW";

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END PRIVATE KEY-----");
    private static final Pattern OTHER_KEY = Pattern.compile("-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448");

    /** Why the files cannot serve, as one line naming the file at fault. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private ClientCertificate() {
    }

    /**
     * The key store holding {@code key} with the chain in {@code certificate}; {@code certName} and
     * {@code keyName} say where each path came from (an option or a variable) for the messages.
     */
    static KeyStore load(String certName, Path certificate, String keyName, Path key) throws Unusable {
        String certWhere = certName + " " + certificate;
        String keyWhere = keyName + " " + key;
        Certificate[] chain = chain(certWhere, read(certWhere, certificate));
        PrivateKey privateKey = privateKey(keyWhere, new String(read(keyWhere, key), StandardCharsets.US_ASCII));
        if (!belongTogether(privateKey, chain[0].getPublicKey())) {
            throw new Unusable(keyWhere + ": this key does not belong to the certificate in " + certWhere);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", privateKey, PASSWORD.toCharArray(), chain);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client key store: " + e.getMessage(), e);
        }
    }

    private static byte[] read(String where, Path file) throws Unusable {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unusable(where + ": cannot read it (no such file)");
        } catch (AccessDeniedException e) {
            throw new Unusable(where + ": cannot read it (permission denied)");
        } catch (IOException e) {
            throw new Unusable(where + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static Certificate[] chain(String where, byte[] pem) throws Unusable {
        List<? extends Certificate> certs;
        try {
            certs = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
        } catch (GeneralSecurityException e) {
            throw new Unusable(where + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
        if (certs.isEmpty()) {
            throw new Unusable(where + ": no PEM certificate in it");
        }
        return certs.toArray(new Certificate[0]);
    }

    private static PrivateKey privateKey(String where, String pem) throws Unusable {
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            Matcher other = OTHER_KEY.matcher(pem);
            if (other.find()) {
                throw new Unusable(where + ": BEGIN " + other.group(1) + " is no PKCS#8 key (BEGIN PRIVATE KEY);"
                        + " convert it with: " + CONVERT);
            }
            throw new Unusable(where + ": no PEM private key in it (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new Unusable(where + ": the key is not valid base64 (" + e.getMessage() + ")");
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm's key: try the next.
            }
        }
        throw new Unusable(where + ": not an EC, RSA or EdDSA private key gantry can read");
    }

    /** Whether {@code key} signs what {@code publicKey} verifies: the JDK derives no public key from a private one. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "EdDSA"; // EdDSA, Ed25519, Ed448: the key names its curve.
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A public key of another algorithm or curve: not the pair.
            return false;
        }
    }
}
