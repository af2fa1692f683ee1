package dev.gantry.agent.events;

import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.network.Network1Link;
import dev.gantry.agent.backend.dbus.network.Network1Manager;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.matchrules.DBusMatchRule;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.messages.constants.MessageTypes;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd-networkd's {@code PropertiesChanged} signals on its Link and Manager objects. dbus-java hands
 * signals to handlers on one thread, in the order they came, so events keep networkd's order. The
 * subscription is made again on every new bus connection.
 */
final class NetworkdSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkdSource.class);
    static final String MANAGER_INTERFACE = Network1Manager.INTERFACE;
    static final String LINK_INTERFACE = Network1Link.INTERFACE;

    private final SystemBus bus;
    private final IntFunction<Optional<String>> names;
    private final Consumer<NetworkEvent> sink;

    NetworkdSource(SystemBus bus, IntFunction<Optional<String>> names, Consumer<NetworkEvent> sink) {
        this.bus = bus;
        this.names = names;
        this.sink = sink;
    }

    /** Subscribes now (connecting if need be) and on every later connection. */
    void start() {
        bus.onConnect(this::subscribe);
        try {
            bus.connection();
        } catch (RuntimeException e) {
            LOG.warn("no system bus yet; networkd events start when it is back: {}", e.getMessage());
        }
    }

    private void subscribe(DBusConnection connection) {
        DBusMatchRule rule = DBusMatchRuleBuilder.create().withType(MessageTypes.SIGNAL)
                .withInterface("org.freedesktop.DBus.Properties").withMember("PropertiesChanged")
                .withPathNamespace(Network1Manager.PATH).build();
        try {
            connection.addGenericSigHandler(rule, this::onSignal);
        } catch (DBusException e) {
            LOG.error("cannot subscribe to systemd-networkd's signals: no networkd events", e);
        }
    }

    private void onSignal(DBusSignal signal) {
        try {
            Object[] body = signal.getParameters();
            if (body.length < 2 || !(body[0] instanceof String iface) || !(body[1] instanceof Map<?, ?> props)) {
                return;
            }
            Map<String, String> changed = strings(props);
            if (changed.isEmpty()) {
                return;
            }
            event(signal.getPath(), iface, changed, false).ifPresent(sink);
        } catch (DBusException | RuntimeException e) {
            LOG.warn("cannot read a networkd signal on {}: {}", signal.getPath(), e.toString());
        }
    }

    /** The event a PropertiesChanged of {@code iface} on {@code path} means, if it is networkd's Link or Manager. */
    Optional<NetworkEvent> event(String path, String iface, Map<String, String> changed, boolean replay) {
        if (iface.equals(MANAGER_INTERFACE) && Network1Manager.PATH.equals(path)) {
            return Optional.of(new NetworkEvent.ManagerState(changed, replay));
        }
        if (!iface.equals(LINK_INTERFACE)) {
            return Optional.empty();
        }
        OptionalInt ifindex = LinkPaths.ifindex(path);
        if (ifindex.isEmpty()) {
            LOG.warn("networkd signal on {}: not a link path", path);
            return Optional.empty();
        }
        Optional<String> name = names.apply(ifindex.getAsInt());
        if (name.isEmpty()) {
            LOG.info("networkd signal for link {}, which the kernel no longer has: no scripts", ifindex.getAsInt());
            return Optional.empty();
        }
        return Optional.of(new NetworkEvent.LinkState(ifindex.getAsInt(), name.get(), changed, replay));
    }

    /** The string properties, quotes and all as networkd sent them; BitRates and other non-strings are left out. */
    static Map<String, String> strings(Map<?, ?> props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            Object value = v instanceof Variant<?> variant ? variant.getValue() : v;
            if (k instanceof String key && value instanceof String s) {
                out.put(key, s);
            }
        });
        return out;
    }

    /** The Manager's state and every link's, read now, as replay events ({@code ReplayOnStart}). */
    void replay(Collection<Integer> ifindexes) {
        try {
            bus.call(conn -> {
                readAll(conn, Network1Manager.PATH, MANAGER_INTERFACE).ifPresent(m ->
                        event(Network1Manager.PATH, MANAGER_INTERFACE, m, true).ifPresent(sink));
                for (int ifindex : ifindexes.stream().sorted().toList()) {
                    String path = LinkPaths.of(ifindex);
                    readAll(conn, path, LINK_INTERFACE).ifPresent(p ->
                            event(path, LINK_INTERFACE, p, true).ifPresent(sink));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("cannot replay networkd's state at start: {}", e.getMessage());
        }
    }

    private static Optional<Map<String, String>> readAll(DBusConnection conn, String path, String iface) {
        try {
            Properties p = conn.getRemoteObject(Network1Manager.SERVICE, path, Properties.class);
            Map<String, String> all = strings(p.GetAll(iface));
            return all.isEmpty() ? Optional.empty() : Optional.of(all);
        } catch (DBusException | RuntimeException e) {
            LOG.debug("cannot read {} of {}: {}", iface, path, e.toString());
            return Optional.empty();
        }
    }
}
