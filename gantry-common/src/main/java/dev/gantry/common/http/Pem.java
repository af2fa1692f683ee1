package dev.gantry.common.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and PKCS#8 keys into key stores. The JDK's own PEM API is still a preview in 25,
 * so this small reader stands in; legacy PKCS#1/SEC1 keys are refused with the command that converts them.
 * Files serve gantryd's TLS listener; text (a chain and its key in one string) serves gantry-server's
 * client certificates for agents.
 */
public final class Pem {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");
    private static final char[] NO_PASSWORD = new char[0];

    private Pem() {
    }

    static List<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        return certificates(file.toString(), Files.readAllBytes(file));
    }

    private static List<? extends Certificate> certificates(String where, byte[] pem) throws GeneralSecurityException {
        List<? extends Certificate> certs = List.copyOf(
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException(where + " holds no PEM certificate");
        }
        return certs;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        return privateKey(file.toString(), Files.readString(file, StandardCharsets.US_ASCII));
    }

    private static PrivateKey privateKey(String where, String text) throws GeneralSecurityException {
        Matcher m = KEY.matcher(text);
        if (!m.find()) {
            throw new GeneralSecurityException(where + " holds no PKCS#8 private key (BEGIN PRIVATE KEY);"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException(where + ": unsupported private key type", last);
    }

    static KeyStore keyStore(Path certificate, Path key) throws IOException, GeneralSecurityException {
        return keyStore(privateKey(key), certificates(certificate));
    }

    /**
     * A key store with one entry (password empty) from {@code pem}: a certificate chain, leaf first,
     * and its PKCS#8 private key in the same text. {@code where} names the text in messages.
     */
    public static KeyStore keyStore(String where, String pem) throws GeneralSecurityException {
        StringBuilder chain = new StringBuilder();
        Matcher m = CERTIFICATE.matcher(pem);
        while (m.find()) {
            // Only the certificate blocks: the X.509 factory would choke on the key block.
            chain.append(m.group()).append('\n');
        }
        return keyStore(privateKey(where, pem), certificates(where, chain.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    private static KeyStore keyStore(PrivateKey key, List<? extends Certificate> chain) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        return store;
    }

    static KeyStore trustStore(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate cert : certificates(ca)) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        return store;
    }
}
