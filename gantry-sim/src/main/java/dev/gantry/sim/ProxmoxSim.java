package dev.gantry.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A Proxmox VE API simulator serving one or more clusters over HTTPS, each on its own port, from one
 * Jetty server: one pool of virtual threads, one scheduler, one self-signed certificate for all. A
 * cluster costs a listening socket, its TLS context and a selector on a virtual thread; no platform
 * thread of its own.
 *
 * <pre>{@code
 * try (ProxmoxSim sim = ProxmoxSim.builder().cluster(new ClusterSpec("lab", 3, 10, 42)).start()) {
 *     SimCluster lab = sim.cluster("lab");
 *     // https://127.0.0.1:{lab.port()}/api2/json/..., user lab.credentials()
 * }
 * }</pre>
 *
 * Close it to stop every cluster and free the ports.
 */
public final class ProxmoxSim implements AutoCloseable {
    /** Requests served at once, across clusters; more wait for a free slot. */
    private static final int MAX_CONCURRENT_REQUESTS = 10_000;

    private final Server server;
    private final Map<String, SimCluster> clusters;
    private final SelfSignedCertificate certificate;

    private ProxmoxSim(Server server, Map<String, SimCluster> clusters, SelfSignedCertificate certificate) {
        this.server = server;
        this.clusters = clusters;
        this.certificate = certificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SimCluster cluster(String name) {
        SimCluster c = clusters.get(name);
        if (c == null) {
            throw new NoSuchElementException("no simulated cluster " + name + "; there are " + clusters.keySet());
        }
        return c;
    }

    public List<SimCluster> clusters() {
        return List.copyOf(clusters.values());
    }

    /** The certificate every cluster presents, to trust it by value. */
    public java.security.cert.X509Certificate certificate() {
        return certificate.certificate();
    }

    /** Its SHA-256 fingerprint as Proxmox shows one ({@code AB:CD:…}), to pin it. */
    public String fingerprint() {
        return certificate.fingerprint();
    }

    /** Stops every cluster and frees their ports; requests still running are cut off. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the Proxmox simulator: " + e.getMessage(), e);
        }
    }

    /** Not thread-safe; each option says its default. */
    public static final class Builder {
        private final List<ClusterSpec> specs = new ArrayList<>();
        private final List<Integer> ports = new ArrayList<>();
        private String host = "127.0.0.1";
        private Clock clock = Clock.systemUTC();
        private Duration taskDuration = Duration.ofSeconds(1);
        private Duration migrationDuration = Duration.ofSeconds(3);
        private String password = "simulated";

        private Builder() {
        }

        /** A cluster on a free port the system picks. */
        public Builder cluster(ClusterSpec spec) {
            return cluster(spec, 0);
        }

        /** A cluster on {@code port} (0: a free one). Names are unique. */
        public Builder cluster(ClusterSpec spec, int port) {
            Objects.requireNonNull(spec, "spec");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new IllegalArgumentException("two clusters named " + spec.name());
            }
            specs.add(spec);
            ports.add(port);
            return this;
        }

        /** The address to listen on; default 127.0.0.1. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** What time it is: task ends, ticket expiry and uptimes follow it; default the system's UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a status action's task runs before its effect; default 1 s. */
        public Builder taskDuration(Duration d) {
            this.taskDuration = nonNegative(d, "taskDuration");
            return this;
        }

        /** How long a migration or clone task runs (they copy disks); default 3 s. */
        public Builder migrationDuration(Duration d) {
            this.migrationDuration = nonNegative(d, "migrationDuration");
            return this;
        }

        /** The password of {@code root@pam} on every cluster; default {@code simulated}. */
        public Builder password(String password) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /** Starts every cluster; throws {@link java.io.IOException} when a port cannot be bound. */
        public ProxmoxSim start() throws Exception {
            if (specs.isEmpty()) {
                throw new IllegalStateException("no cluster to simulate");
            }
            // Everything on virtual threads, the selectors too: a hundred clusters cost a hundred virtual
            // threads idle in select, not a hundred platform threads (measured: 11 platform threads in all).
            // The pool caps its concurrent tasks (200 by default), and each port's selector holds one for
            // good: past the cap the next selector never starts, so the cap counts them plus requests.
            VirtualThreadPool pool = new VirtualThreadPool(specs.size() + MAX_CONCURRENT_REQUESTS);
            pool.setName("proxmox-sim");
            Server server = new Server(pool);
            SelfSignedCertificate certificate = SelfSignedCertificate.create("proxmox-sim", clock.instant());
            java.security.KeyStore keys = certificate.keyStore();
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients reach the simulator by any name or address; the certificate names localhost only.
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            PveHandler handler = new PveHandler();
            server.setHandler(handler);
            Map<String, SimCluster> clusters = new LinkedHashMap<>();
            List<ServerConnector> connectors = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                SimCluster cluster = new SimCluster(specs.get(i), clock, taskDuration, migrationDuration, password);
                // Its own TLS context: a connector's beans stop with it when the cluster goes down, and a
                // shared context would take every other cluster's TLS down too.
                SslContextFactory.Server tls = new SslContextFactory.Server();
                tls.setKeyStore(keys);
                tls.setKeyStorePassword("");
                // No acceptor thread and one selector: the least Jetty allows per port.
                ServerConnector connector = new ServerConnector(server, null, null, null, 0, 1,
                        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(ports.get(i));
                connector.setName(cluster.name());
                server.addConnector(connector);
                handler.serve(connector, cluster);
                clusters.put(cluster.name(), cluster);
                connectors.add(connector);
            }
            try {
                server.start();
            } catch (Exception e) {
                server.stop();
                throw e;
            }
            for (ServerConnector connector : connectors) {
                // Keep the port a system-chosen one got, so a cluster brought back after DOWN reuses it.
                connector.setPort(connector.getLocalPort());
                SimCluster cluster = clusters.get(connector.getName());
                cluster.started(connector.getLocalPort(), certificate.fingerprint(), fault -> upOrDown(connector, fault));
            }
            return new ProxmoxSim(server, clusters, certificate);
        }

        private static void upOrDown(ServerConnector connector, Fault fault) {
            try {
                if (fault.kind() == Fault.Kind.DOWN && connector.isStarted()) {
                    connector.stop();
                } else if (fault.kind() != Fault.Kind.DOWN && !connector.isStarted()) {
                    connector.start();
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot switch port " + connector.getPort() + ": " + e.getMessage(), e);
            }
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or more, not " + d);
            }
            return d;
        }
    }
}
