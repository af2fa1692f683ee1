package dev.gantry.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA, the agent's certificate for 127.0.0.1 and client certificates it signed, made with openssl
 * as an operator would (P-256 keys, PKCS#8 PEM), all in {@code dir}.
 */
record TestPki(Path dir) {
    static TestPki create(Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-subj", "/CN=gantry test CA", "-days", "2", "-out", "ca.crt");
        pki.leaf("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        pki.leaf("client", "extendedKeyUsage=clientAuth\n");
        return pki;
    }

    /** A P-256 key (PKCS#8) and a certificate for {@code name} signed by the test CA; returns the certificate. */
    Path leaf(String name, String extensions) throws Exception {
        return leaf(name, extensions, "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    /** As {@link #leaf(String, String)} with a key of {@code algorithm} (openssl genpkey's name and options). */
    Path leaf(String name, String extensions, String algorithm, String... options) throws Exception {
        List<String> genpkey = new ArrayList<>(List.of("genpkey", "-algorithm", algorithm));
        genpkey.addAll(List.of(options));
        genpkey.addAll(List.of("-out", name + ".key"));
        openssl(genpkey.toArray(String[]::new));
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        return file(name + ".crt");
    }

    /** The [Network] lines of an agent with the test CA's server certificate that demands client certificates. */
    String tomlWithClientCa() {
        return "TLSCertificate = \"" + file("server.crt") + "\"\nTLSKey = \"" + file("server.key") + "\"\n"
                + "TLSClientCA = \"" + file("ca.crt") + "\"\n";
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
