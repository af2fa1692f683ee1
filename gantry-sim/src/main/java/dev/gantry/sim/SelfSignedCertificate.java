package dev.gantry.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The simulator's TLS identity: a P-256 key and a self-signed X.509 v3 certificate for {@code localhost}
 * and {@code 127.0.0.1}, made in memory at start.
 *
 * <p>The JDK has no public API that writes certificates (keytool's classes are not exported, and running
 * the keytool binary costs a process and about a second per start), so this writes the few DER structures
 * a certificate needs itself; the JDK's own parser then reads it back, which checks the encoding.
 */
final class SelfSignedCertificate {
    private static final byte[] OID_ECDSA_SHA256 = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final KeyPair keys;
    private final X509Certificate certificate;

    private SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static SelfSignedCertificate create(String commonName, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            byte[] algorithm = sequence(oid(OID_ECDSA_SHA256));
            byte[] name = sequence(set(sequence(oid(OID_COMMON_NAME), tlv(0x0C, utf8(commonName)))));
            byte[] validity = sequence(tlv(0x17, utf8(UTC_TIME.format(now.minus(Duration.ofDays(1))))),
                    tlv(0x17, utf8(UTC_TIME.format(now.plus(Duration.ofDays(3650))))));
            byte[] altNames = sequence(tlv(0x82, utf8("localhost")), tlv(0x87, new byte[] {127, 0, 0, 1}));
            byte[] extensions = tlv(0xA3, sequence(sequence(oid(OID_SUBJECT_ALT_NAME), tlv(0x04, altNames))));
            byte[] serial = tlv(0x02, positive(now.toEpochMilli()));
            byte[] tbs = sequence(tlv(0xA0, tlv(0x02, new byte[] {2})), serial, algorithm, name, validity, name,
                    keys.getPublic().getEncoded(), extensions);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bitString = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bitString, 1, signature.length);
            byte[] der = sequence(tbs, algorithm, tlv(0x03, bitString));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(keys.getPublic());
            return new SelfSignedCertificate(keys, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the simulator's certificate: " + e.getMessage(), e);
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** A PKCS#12 store in memory with the key under alias {@code sim} and an empty password. */
    KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("sim", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot hold the simulator's key: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the DER certificate as Proxmox shows fingerprints: upper-case hex pairs joined by colons. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] positive(long value) {
        byte[] bytes = new byte[9];
        for (int i = 8; i > 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes; // the leading zero byte keeps the INTEGER positive
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] oid(byte[] encoded) {
        return tlv(0x06, encoded);
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One DER tag-length-value; lengths past 127 take the long form. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
