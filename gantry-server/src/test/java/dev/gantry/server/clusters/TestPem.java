package dev.gantry.server.clusters;

/**
 * PEM-shaped text for an agent's client certificate: the server checks only the PEM markers and
 * stores the text sealed; no TLS is made with it here.
 */
final class TestPem {
    static final String CERT_AND_KEY = """
            -----BEGIN CERTIFICATE-----
            MIIBszCCAVmgAwIBAgIUc2VhbGVkLWNsaWVudC1jZXJ0LWZvci10ZXN0czAKBggq
            -----END CERTIFICATE-----
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgc2VjcmV0LWtleS1t
            -----END PRIVATE KEY-----
            """;

    private TestPem() {
    }
}
