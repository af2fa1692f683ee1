package dev.gantry.common.http;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/** A socket to listen on and how callers on it prove who they are. */
public sealed interface ListenerSpec {
    Authenticator authenticator();

    /**
     * A Unix socket; callers are known by their peer credentials, so the authenticator's answer is
     * kept for the rest of the connection.
     */
    record Unix(Path path, Authenticator authenticator) implements ListenerSpec {
    }

    /** A TCP socket, with TLS when {@code tls} is present. */
    record Tcp(InetSocketAddress address, Optional<TlsFiles> tls, Authenticator authenticator)
            implements ListenerSpec {
    }

    /** PEM files: the certificate chain, its PKCS#8 key, and an optional CA that client certificates must chain to. */
    record TlsFiles(Path certificate, Path key, Optional<Path> clientCa) {
    }
}
