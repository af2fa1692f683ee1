package dev.gantry.agent.backend.dbus.hostname;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.common.http.ApiException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostname cache against a private dbus-daemon in a temp dir, with a stand-in hostname1 that
 * counts GetAll calls: it must serve repeated reads without the bus, and a PropertiesChanged signal
 * alone (no file changes, the host's /etc stays as it is) must make the next read ask again.
 */
class HostnamedCacheTest {
    @TempDir
    Path dir;
    private Process daemon;
    private DBusConnection service;
    private SystemBus bus;
    private FakeHostnamed fake;

    /** Answers Properties calls on /org/freedesktop/hostname1 from a map the test changes. */
    public static final class FakeHostnamed implements Properties {
        final Map<String, Variant<?>> values = new ConcurrentHashMap<>();
        final AtomicInteger getAllCalls = new AtomicInteger();

        @Override
        public String getObjectPath() {
            return Hostname1.PATH;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <A> A Get(String iface, String name) {
            return (A) values.get(name).getValue();
        }

        @Override
        public <A> void Set(String iface, String name, A value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Variant<?>> GetAll(String iface) {
            getAllCalls.incrementAndGet();
            return Map.copyOf(values);
        }
    }

    @BeforeEach
    void startBus() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "dbus-daemon is not installed");
        fake = startDaemon("Before");
        bus = SystemBus.at(address());
    }

    private String address() {
        return "unix:path=" + dir.resolve("bus");
    }

    /** A dbus-daemon at {@link #address()} with a stand-in hostname1 whose pretty hostname is {@code pretty}. */
    private FakeHostnamed startDaemon(String pretty) throws Exception {
        Files.deleteIfExists(dir.resolve("bus"));
        daemon = new ProcessBuilder("/usr/bin/dbus-daemon", "--session", "--nofork", "--address=" + address(),
                "--print-address=1").redirectErrorStream(true).start();
        // The daemon prints its address once it listens.
        String printed = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(printed).startsWith("unix:path=");
        service = DBusConnectionBuilder.forAddress(address()).withShared(false).build();
        FakeHostnamed started = new FakeHostnamed();
        started.values.put("StaticHostname", new Variant<>("web-1"));
        started.values.put("PrettyHostname", new Variant<>(pretty));
        service.requestBusName(Hostname1.SERVICE);
        service.exportObject(Hostname1.PATH, started);
        return started;
    }

    private void stopDaemon() throws Exception {
        service.disconnect();
        daemon.destroy();
        daemon.waitFor(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopBus() throws Exception {
        if (bus != null) {
            bus.close();
        }
        if (service != null) {
            service.disconnect();
        }
        if (daemon != null) {
            daemon.destroy();
            daemon.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void repeatedReadsAreServedFromTheCacheUntilPropertiesChangedArrives() throws Exception {
        Hostnamed hostnamed = new Hostnamed(bus);

        assertThat(hostnamed.read().properties().string("PrettyHostname")).isEqualTo("Before");
        for (int i = 0; i < 5; i++) {
            assertThat(hostnamed.read().properties().string("PrettyHostname")).isEqualTo("Before");
        }
        assertThat(fake.getAllCalls.get()).isEqualTo(1);

        // A change without a signal is not seen: that is what the cache relies on the signal for.
        fake.values.put("PrettyHostname", new Variant<>("After"));
        assertThat(hostnamed.read().properties().string("PrettyHostname")).isEqualTo("Before");

        service.sendMessage(new Properties.PropertiesChanged(Hostname1.PATH, Hostname1.INTERFACE,
                Map.of("PrettyHostname", new Variant<>("After")), List.of()));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!hostnamed.read().properties().string("PrettyHostname").equals("After")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hostnamed.read().properties().string("PrettyHostname")).isEqualTo("After");
        assertThat(fake.getAllCalls.get()).isEqualTo(2);
    }

    @Test
    void theTransientHostnameIsTheKernelsEveryTime() {
        Hostnamed hostnamed = new Hostnamed(bus);

        assertThat(hostnamed.read().transientHostname()).isEqualTo(Hostnamed.kernelHostname());
    }

    /** A new bus (dbus restarted) may have missed signals: what was read on the old one is not served. */
    @Test
    void afterTheBusRestartsTheNextReadAsksTheNewHostnamed() throws Exception {
        Hostnamed hostnamed = new Hostnamed(bus);
        assertThat(hostnamed.read().properties().string("PrettyHostname")).isEqualTo("Before");

        stopDaemon();
        FakeHostnamed restarted = startDaemon("Changed while the bus was down");

        String pretty = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pretty == null && System.nanoTime() < deadline) {
            try {
                pretty = hostnamed.read().properties().string("PrettyHostname");
            } catch (ApiException e) {
                // 503 while the agent notices its connection is gone; the next call reconnects.
                assertThat(e.status()).isEqualTo(503);
            }
        }
        assertThat(pretty).isEqualTo("Changed while the bus was down");
        assertThat(restarted.getAllCalls.get()).isEqualTo(1);
    }
}
