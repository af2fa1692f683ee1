package dev.gantry.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool, written as PEM: the agent's
 * TLS certificate and key, and the CA file a client passes with --cacert.
 */
record TestTls(Path certificate, Path key) {
    static TestTls create(Path dir) throws Exception {
        Path store = dir.resolve("agent.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            p12.load(in, "changeit".toCharArray());
        }
        Path cert = dir.resolve("agent.crt");
        Path key = dir.resolve("agent.key");
        Files.writeString(cert, pem("CERTIFICATE", p12.getCertificate("agent").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", p12.getKey("agent", "changeit".toCharArray()).getEncoded()));
        return new TestTls(cert, key);
    }

    /** The [Network] lines that turn TLS on. */
    String toml() {
        return "TLSCertificate = \"" + certificate + "\"\nTLSKey = \"" + key + "\"\n";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
