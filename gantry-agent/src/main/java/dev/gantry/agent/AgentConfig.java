package dev.gantry.agent;

import dev.gantry.agent.events.EventsConfig;
import dev.gantry.agent.metrics.MetricsConfig;
import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.common.log.Logging;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * gantryd's settings, read from {@code /etc/gantry/gantryd.toml}. Key names follow photon-mgmtd's so
 * its files carry over; unlike it, every documented default is applied.
 *
 * @param logLevel          {@code [System] LogLevel}: trace, debug, info, warning, error; default info
 * @param useAuthentication {@code [System] UseAuthentication}: default true
 * @param listen            {@code [Network] Listen}: ip:port for TCP; TCP is off when unset (documented port 5208)
 * @param listenUnixSocket  {@code [Network] ListenUnixSocket}: default true, on {@link #socketPath}
 * @param tlsCertificate    {@code [Network] TLSCertificate}: PEM chain; with TLSKey turns TLS on for TCP
 * @param tlsKey            {@code [Network] TLSKey}: PKCS#8 PEM key
 * @param tlsClientCa       {@code [Network] TLSClientCA}: PEM CA; when set, TCP clients need a certificate it signed
 * @param metrics           {@code [Metrics]}: the rates sampler's interval and length
 * @param events            {@code [Events]}: the network event broker
 */
public record AgentConfig(String logLevel, boolean useAuthentication, Optional<InetSocketAddress> listen,
                          boolean listenUnixSocket, Path socketPath, Optional<Path> tlsCertificate,
                          Optional<Path> tlsKey, Optional<Path> tlsClientCa, MetricsConfig metrics,
                          EventsConfig events) {

    /** {@code [Events]} at its defaults. */
    public AgentConfig(String logLevel, boolean useAuthentication, Optional<InetSocketAddress> listen,
                       boolean listenUnixSocket, Path socketPath, Optional<Path> tlsCertificate,
                       Optional<Path> tlsKey, Optional<Path> tlsClientCa, MetricsConfig metrics) {
        this(logLevel, useAuthentication, listen, listenUnixSocket, socketPath, tlsCertificate, tlsKey, tlsClientCa,
                metrics, EventsConfig.DEFAULT);
    }

    /** Every other setting at its default ({@code [Metrics]}, {@code [Events]}). */
    public AgentConfig(String logLevel, boolean useAuthentication, Optional<InetSocketAddress> listen,
                       boolean listenUnixSocket, Path socketPath, Optional<Path> tlsCertificate,
                       Optional<Path> tlsKey, Optional<Path> tlsClientCa) {
        this(logLevel, useAuthentication, listen, listenUnixSocket, socketPath, tlsCertificate, tlsKey, tlsClientCa,
                MetricsConfig.DEFAULT);
    }

    public static final Path DEFAULT_FILE = Path.of("/etc/gantry/gantryd.toml");
    public static final Path DEFAULT_SOCKET = Path.of("/run/gantry/gantryd.sock");
    public static final int DOCUMENTED_PORT = 5208;

    public static AgentConfig read(TomlConfig toml, Path socketPath) throws ConfigException {
        TomlConfig.Section system = toml.section("System");
        String level = system.choice("LogLevel", "info", Logging.LEVELS);
        boolean auth = system.bool("UseAuthentication", true);
        TomlConfig.Section network = toml.section("Network");
        Optional<InetSocketAddress> listen = network.socketAddress("Listen");
        boolean unix = network.bool("ListenUnixSocket", true);
        Optional<Path> cert = network.readableFile("TLSCertificate");
        Optional<Path> key = network.readableFile("TLSKey");
        Optional<Path> ca = network.readableFile("TLSClientCA");
        if (cert.isPresent() != key.isPresent()) {
            network.reject(cert.isPresent() ? "TLSKey" : "TLSCertificate", "",
                    "TLSCertificate and TLSKey go together; set both or neither");
        }
        if (ca.isPresent() && cert.isEmpty()) {
            network.reject("TLSClientCA", ca.get().toString(), "client certificates need TLS: set TLSCertificate and TLSKey");
        }
        if (!unix && listen.isEmpty() && !network.isRejected("Listen")) {
            network.reject("ListenUnixSocket", false, "with no Listen either, gantryd would have no listener");
        }
        TomlConfig.Section metrics = toml.section("Metrics");
        long interval = metrics.integer("RatesInterval", MetricsConfig.DEFAULT.ratesInterval().toSeconds(), 0, 3600);
        long samples = metrics.integer("RatesSamples", MetricsConfig.DEFAULT.ratesSamples(), 2, 10_000);
        EventsConfig events = EventsConfig.read(toml);
        toml.finish();
        return new AgentConfig(level, auth, listen, unix, socketPath, cert, key, ca,
                new MetricsConfig(Duration.ofSeconds(interval), (int) samples), events);
    }
}
