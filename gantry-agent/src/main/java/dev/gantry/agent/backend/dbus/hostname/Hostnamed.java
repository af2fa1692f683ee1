package dev.gantry.agent.backend.dbus.hostname;

import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.matchrules.DBusMatchRule;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.constants.MessageTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd-hostnamed over the shared {@link SystemBus}, with a cache that stays exact.
 *
 * <p>Asking hostnamed costs a bus round trip, and while it is idle it has exited, so the first
 * question also starts it (tens of milliseconds). Its properties change only when (a) hostnamed
 * changes them, which it announces with {@code PropertiesChanged}, (b) someone edits
 * {@code /etc/hostname} or {@code /etc/machine-info} behind its back, or (c) the kernel hostname is
 * set without it ({@code sethostname(2)}, {@code hostname foo}). So the cache is a snapshot of
 * {@code GetAll} that is used only while all of these hold:
 * <ul>
 *   <li>no {@code PropertiesChanged} of hostname1 arrived since it was read (a match rule on the bus;
 *       the generation counter is taken before the read, so a signal racing the read discards it);</li>
 *   <li>it was read on the bus connection that is still current and connected: a new connection
 *       (the bus restarted) means signals may have been missed, so {@code onConnect} drops it, and a
 *       lost bus means it is not used at all (callers get the bus's 503, as for every other call);</li>
 *   <li>{@code /etc/hostname} and {@code /etc/machine-info} have the same inode, size and modification
 *       time as when it was read (two {@code stat} calls per request).</li>
 * </ul>
 * The transient (kernel) hostname is never cached: it is read from {@code /proc/sys/kernel/hostname}
 * on every request, which is cheaper than any check. Writes through this class drop the cache
 * themselves, so a read right after a write never waits for the signal.
 */
public final class Hostnamed {
    private static final Logger LOG = LoggerFactory.getLogger(Hostnamed.class);
    static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    static final List<Path> SOURCES = List.of(Path.of("/etc/hostname"), Path.of("/etc/machine-info"));

    /** hostnamed's properties plus the transient hostname read at the same moment. */
    public record Snapshot(PropertyValues properties, String transientHostname) {
    }

    private record Cached(long generation, DBusConnection connection, List<FileStamp> stamps,
                          PropertyValues properties) {
    }

    /** What identifies one version of a file; {@code absent} for a missing one. */
    record FileStamp(Object key, long size, FileTime modified) {
        private static final FileStamp ABSENT = new FileStamp("absent", -1, FileTime.fromMillis(0));

        static FileStamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(a.fileKey(), a.size(), a.lastModifiedTime());
            } catch (NoSuchFileException e) {
                return ABSENT;
            } catch (IOException e) {
                // Unreadable: a stamp that equals no other, so nothing is cached on it.
                return new FileStamp(new Object(), -1, FileTime.fromMillis(0));
            }
        }
    }

    private final SystemBus bus;
    private final AtomicLong generation = new AtomicLong();
    private volatile Cached cached;
    /** The connection whose PropertiesChanged subscription is in place; only its reads are cached. */
    private volatile DBusConnection subscribed;

    public Hostnamed(SystemBus bus) {
        this.bus = bus;
        bus.onConnect(this::subscribe);
    }

    /** hostnamed's properties (from the cache when it is exact) and the kernel's hostname now. */
    public Snapshot read() {
        String transientHostname = kernelHostname();
        Cached c = cached;
        if (c != null && c.generation == generation.get() && c.connection == subscribed
                && c.connection.isConnected() && c.stamps.equals(stamps())) {
            return new Snapshot(c.properties, transientHostname);
        }
        Cached fresh = bus.call(conn -> {
            // Taken once the connection exists: connecting runs the subscribe hook, which bumps it.
            long before = generation.get();
            List<FileStamp> stamps = stamps();
            return new Cached(before, conn, stamps,
                    PropertyValues.read(conn, Hostname1.SERVICE, Hostname1.PATH, Hostname1.INTERFACE));
        });
        cached = fresh;
        return new Snapshot(fresh.properties, transientHostname);
    }

    public void setStatic(String name) {
        change(h -> h.SetStaticHostname(name, false));
    }

    public void setTransient(String name) {
        change(h -> h.SetHostname(name, false));
    }

    public void setPretty(String name) {
        change(h -> h.SetPrettyHostname(name, false));
    }

    public void setChassis(String chassis) {
        change(h -> h.SetChassis(chassis, false));
    }

    public void setDeployment(String deployment) {
        change(h -> h.SetDeployment(deployment, false));
    }

    public void setLocation(String location) {
        change(h -> h.SetLocation(location, false));
    }

    /** The kernel's hostname, read now. */
    public static String kernelHostname() {
        try {
            return Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + KERNEL_HOSTNAME, e);
        }
    }

    private interface Change {
        void apply(Hostname1 hostnamed);
    }

    private void change(Change change) {
        try {
            bus.call(conn -> {
                change.apply(conn.getRemoteObject(Hostname1.SERVICE, Hostname1.PATH, Hostname1.class));
                return null;
            });
        } finally {
            invalidate();
        }
    }

    private void invalidate() {
        generation.incrementAndGet();
        cached = null;
    }

    private static List<FileStamp> stamps() {
        return SOURCES.stream().map(FileStamp::of).toList();
    }

    /** On every new connection: forget what the old one read, and listen for hostnamed's changes. */
    private void subscribe(DBusConnection connection) {
        subscribed = null;
        invalidate();
        DBusMatchRule rule = DBusMatchRuleBuilder.create().withType(MessageTypes.SIGNAL)
                .withInterface("org.freedesktop.DBus.Properties").withMember("PropertiesChanged")
                .withPath(Hostname1.PATH).build();
        try {
            connection.addGenericSigHandler(rule, signal -> {
                if (Objects.equals(signal.getPath(), Hostname1.PATH)) {
                    invalidate();
                }
            });
            subscribed = connection;
        } catch (DBusException e) {
            // Without the subscription the cache could go stale: keep it off on this connection.
            LOG.warn("cannot subscribe to hostname1 PropertiesChanged; hostname reads go to hostnamed each time", e);
        }
    }
}
