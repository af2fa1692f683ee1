package dev.gantry.common.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server: one or more listeners in front of one {@link Dispatcher}. Requests run on virtual
 * threads; a small platform pool only accepts and selects.
 */
public final class ApiServer implements AutoCloseable {
    static {
        // Without this, Jetty's MemoryUtils starts the platform MBean server (about 150 JMX classes and
        // 60 ms) only to ask whether oops are compressed; 16 references per 64-byte line is the answer.
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
    }

    // Requests and answers are small: heap buffers, pooled up to a bound, keep the resident size of an
    // idle agent low (Jetty's default pools direct buffers up to a share of the machine's memory).
    private static final long POOL_HEAP_BYTES = 4L << 20;
    private static final long POOL_DIRECT_BYTES = 1L << 20;

    /** How long a stop waits for requests being served to finish. */
    static final long STOP_GRACE_MILLIS = 5000;

    private final Server server;
    private final JettyBridge bridge;
    private final List<ListenerSpec> specs;
    private final List<ListenerInfo> bound = new ArrayList<>();

    private ApiServer(Server server, JettyBridge bridge, List<ListenerSpec> specs) {
        this.server = server;
        this.bridge = bridge;
        this.specs = specs;
    }

    /** Binds every listener and starts serving; fails, having bound nothing, if any listener cannot bind. */
    public static ApiServer start(Dispatcher dispatcher, List<ListenerSpec> listeners) throws Exception {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listener configured");
        }
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("gantry-http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("gantry-request-", 0).factory()));
        pool.setReservedThreads(0);
        Server server = new Server(pool, null,
                new ArrayByteBufferPool(0, 4096, 65536, 32, POOL_HEAP_BYTES, POOL_DIRECT_BYTES));
        // Jetty's own graceful stop waits its whole timeout for idle keep-alive connections a client
        // still holds; in-flight requests are waited for in close() instead, and the rest cut at once.
        server.setStopTimeout(0);
        Map<String, Authenticator> authenticators = new LinkedHashMap<>();
        HttpConfiguration http = new HttpConfiguration();
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // The dispatcher splits the raw path before decoding, so %2F stays inside its segment: a sysctl
        // key naming a VLAN interface (net.ipv4.conf.eth0/100.forwarding) can be addressed.
        http.setUriCompliance(UriCompliance.DEFAULT.with("gantry", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        int n = 0;
        for (ListenerSpec spec : listeners) {
            String name = "listener-" + n++;
            authenticators.put(name, spec.authenticator());
            switch (spec) {
                case ListenerSpec.Unix unix -> {
                    Files.createDirectories(unix.path().getParent());
                    Files.deleteIfExists(unix.path());
                    UnixDomainServerConnector c = new UnixDomainServerConnector(server, 1, 1,
                            new HttpConnectionFactory(http));
                    c.setUnixDomainPath(unix.path());
                    c.setName(name);
                    server.addConnector(c);
                }
                case ListenerSpec.Tcp tcp -> {
                    ServerConnector c = tcp.tls().isPresent()
                            ? new ServerConnector(server, 1, 1, new SslConnectionFactory(sslContext(tcp.tls().get()), "http/1.1"),
                                    new HttpConnectionFactory(withTls(http)))
                            : new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                    c.setHost(tcp.address().getHostString());
                    c.setPort(tcp.address().getPort());
                    c.setName(name);
                    server.addConnector(c);
                }
            }
        }
        JettyBridge bridge = new JettyBridge(dispatcher, authenticators);
        server.setHandler(bridge);
        server.setErrorHandler(new ProblemErrorHandler());
        ApiServer api = new ApiServer(server, bridge, List.copyOf(listeners));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        api.describe();
        return api;
    }

    private static HttpConfiguration withTls(HttpConfiguration plain) {
        HttpConfiguration secure = new HttpConfiguration(plain);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // The agent is reached by IP address as often as by name; SNI host checks would refuse that.
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        return secure;
    }

    private static SslContextFactory.Server sslContext(ListenerSpec.TlsFiles files) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            ssl.setKeyStore(Pem.keyStore(files.certificate(), files.key()));
            ssl.setKeyStorePassword("");
            ssl.setKeyManagerPassword("");
            if (files.clientCa().isPresent()) {
                ssl.setTrustStore(Pem.trustStore(files.clientCa().get()));
                ssl.setNeedClientAuth(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }

    private void describe() throws IOException {
        int i = 0;
        for (ListenerSpec spec : specs) {
            var connector = server.getConnectors()[i++];
            switch (spec) {
                case ListenerSpec.Unix unix -> {
                    // Anyone may connect; who may do what is decided per request from the peer credentials.
                    Files.setPosixFilePermissions(unix.path(), PosixFilePermissions.fromString("rw-rw-rw-"));
                    bound.add(new ListenerInfo("unix", unix.path().toString(), false, false));
                }
                case ListenerSpec.Tcp tcp -> {
                    int port = ((ServerConnector) connector).getLocalPort();
                    String host = tcp.address().getHostString();
                    String address = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
                    bound.add(new ListenerInfo("tcp", address, tcp.tls().isPresent(),
                            tcp.tls().flatMap(ListenerSpec.TlsFiles::clientCa).isPresent()));
                }
            }
        }
    }

    public List<ListenerInfo> listeners() {
        return List.copyOf(bound);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops after the requests being served have finished (at most {@value #STOP_GRACE_MILLIS} ms). */
    @Override
    public void close() throws Exception {
        bridge.awaitIdle(STOP_GRACE_MILLIS);
        server.stop();
        for (ListenerSpec spec : specs) {
            if (spec instanceof ListenerSpec.Unix unix) {
                Files.deleteIfExists(unix.path());
            }
        }
    }

}
