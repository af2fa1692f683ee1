package dev.gantry.agent.backend.dbus.systemd;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.common.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's manager and units over the agent's one system bus connection.
 *
 * <p>Unit properties read for {@link #unit} are cached and kept exact by systemd's own signals (the
 * agent calls {@code Subscribe} on every connection, without which systemd sends none); see
 * {@link UnitCache}. Properties systemd does not signal (the cgroup's memory, CPU and tasks,
 * {@code ControlGroup}) are not for callers to take from this cache: {@link #properties} always asks the bus.
 */
public final class Systemd {
    private static final Logger LOG = LoggerFactory.getLogger(Systemd.class);
    static final String NO_SUCH_UNIT = "org.freedesktop.systemd1.NoSuchUnit";
    static final String LOAD_FAILED = "org.freedesktop.systemd1.LoadFailed";
    static final String UNIT_MASKED = "org.freedesktop.systemd1.UnitMasked";

    /** A job systemd queued: its number and object path. */
    public record Job(long id, String path) {
    }

    /** A row of the unit list. */
    public record UnitRow(String name, String description, String loadState, String activeState, String subState,
                          String following, long jobId, String jobType) {
    }

    /** One change a unit-file method made: symlink, unlink, masked, … */
    public record FileChange(String type, String file, String destination) {
    }

    /** What a unit-file method (enable, disable, mask, unmask) did. */
    public record UnitFileChanges(boolean carriesInstallInfo, List<FileChange> changes) {
    }

    /** One property for SetUnitProperties: its D-Bus signature ({@code t}, {@code u}, {@code b}, {@code s}, {@code ay}) and value. */
    public record Setting(String name, String signature, Object value) {
    }

    private final SystemBus bus;
    private final UnitCache cache = new UnitCache();
    private final JobWatch jobs = new JobWatch();

    public Systemd(SystemBus bus) {
        this.bus = bus;
        bus.onConnect(this::subscribe);
    }

    /** Adds the signal handlers and subscribes; runs on every new connection, which also starts the cache afresh. */
    private void subscribe(DBusConnection connection) {
        cache.clear();
        try {
            connection.addSigHandler(Properties.PropertiesChanged.class, signal -> {
                if (signal.getPath().startsWith(Systemd1.UNIT_PATH_PREFIX)) {
                    cache.invalidate(signal.getPath());
                }
            });
            connection.addSigHandler(Systemd1.Manager.UnitNew.class, signal -> cache.invalidate(signal.unitPath));
            connection.addSigHandler(Systemd1.Manager.UnitRemoved.class, signal -> cache.invalidate(signal.unitPath));
            connection.addSigHandler(Systemd1.Manager.Reloading.class, signal -> cache.clear());
            connection.addSigHandler(Systemd1.Manager.UnitFilesChanged.class, signal -> cache.clear());
            connection.addSigHandler(Systemd1.Manager.JobRemoved.class, signal -> jobs.removed(signal.id, signal.result));
            manager(connection).Subscribe();
            Properties managerProperties = connection.getRemoteObject(Systemd1.SERVICE, Systemd1.MANAGER_PATH,
                    Properties.class);
            Object root = managerProperties.Get(Systemd1.MANAGER_INTERFACE, "ControlGroup");
            cgroupRoot = root == null ? "" : root.toString().replaceAll("/+$", "");
            // SystemBus publishes the connection before its hooks run: a read made on it before Subscribe
            // took effect could have missed a change, so start afresh once the signals flow.
            cache.clear();
        } catch (DBusException | DBusExecutionException e) {
            // Without signals the cache cannot be trusted: it stays off until the next connection.
            LOG.warn("cannot subscribe to systemd's signals; unit reads go to the bus: {}", e.getMessage());
            cacheUsable = false;
            return;
        }
        cacheUsable = true;
    }

    private volatile boolean cacheUsable;
    private volatile String cgroupRoot = "";

    /**
     * The manager's own cgroup, which units' ControlGroup paths are relative to: empty on a host, the
     * container's cgroup when systemd runs in one without a cgroup namespace of its own.
     */
    public String cgroupRoot() {
        bus.connection();
        return cgroupRoot;
    }

    private static Systemd1.Manager manager(DBusConnection connection) throws DBusException {
        return connection.getRemoteObject(Systemd1.SERVICE, Systemd1.MANAGER_PATH, Systemd1.Manager.class);
    }

    private <R> R onManager(ManagerCall<R> call) {
        return bus.call(connection -> call.apply(manager(connection)));
    }

    @FunctionalInterface
    private interface ManagerCall<R> {
        R apply(Systemd1.Manager manager) throws DBusException;
    }

    /**
     * The Unit and type-specific properties of {@code name} (a valid, full unit name), from the cache
     * when it is current; empty when systemd knows no such unit (LoadState not-found).
     */
    public Optional<Map<String, Object>> unit(String name) {
        String path = UnitNames.objectPath(name);
        Map<String, Object> cached = cacheUsable ? cache.get(path) : null;
        if (cached == null) {
            bus.connection(); // connects (and subscribes) before the first read that could be cached
            // Only a unit read under its own name is cached: signals name the unit's path by its id,
            // not by an alias.
            cached = cache.load(path, () -> readAll(name, path), cacheUsable);
            if (!name.equals(cached.get("Id"))) {
                cache.invalidate(path);
            }
        }
        return "not-found".equals(cached.get("LoadState")) ? Optional.empty() : Optional.of(cached);
    }

    /** Every property of the unit, read now: the Unit interface's and its type's, merged. */
    public Optional<Map<String, Object>> properties(String name) {
        Map<String, Object> all = readAll(name, UnitNames.objectPath(name));
        return "not-found".equals(all.get("LoadState")) ? Optional.empty() : Optional.of(all);
    }

    private Map<String, Object> readAll(String name, String path) {
        return bus.call(connection -> {
            Properties properties = connection.getRemoteObject(Systemd1.SERVICE, path, Properties.class);
            Map<String, Object> all = new LinkedHashMap<>(Values.plain(properties.GetAll(Systemd1.UNIT_INTERFACE)));
            String type = UnitNames.type(String.valueOf(all.getOrDefault("Id", name))).orElse(null);
            if (type != null && !"not-found".equals(all.get("LoadState"))) {
                String iface = "org.freedesktop.systemd1." + Character.toUpperCase(type.charAt(0)) + type.substring(1);
                all.putAll(Values.plain(properties.GetAll(iface)));
            }
            return Map.copyOf(nullsAsEmpty(all));
        });
    }

    private static Map<String, Object> nullsAsEmpty(Map<String, Object> map) {
        map.replaceAll((k, v) -> v == null ? "" : v);
        return map;
    }

    /** Loaded units whose load, active or sub state is one of {@code states} and whose name fits one of {@code patterns}. */
    public List<UnitRow> list(List<String> states, List<String> patterns) {
        List<Systemd1.UnitEntry> entries = onManager(m -> m.ListUnitsByPatterns(states, patterns));
        List<UnitRow> rows = new ArrayList<>(entries.size());
        for (Systemd1.UnitEntry e : entries) {
            rows.add(new UnitRow(e.name, e.description, e.loadState, e.activeState, e.subState, e.following,
                    e.jobId.longValue(), e.jobType));
        }
        return rows;
    }

    /** Queues a start, stop, restart, try-restart, reload or reload-or-restart job. */
    public Job job(String verb, String name, String mode) {
        DBusPath path = onManager(m -> switch (verb) {
            case "start" -> m.StartUnit(name, mode);
            case "stop" -> m.StopUnit(name, mode);
            case "restart" -> m.RestartUnit(name, mode);
            case "try-restart" -> m.TryRestartUnit(name, mode);
            case "reload" -> m.ReloadUnit(name, mode);
            case "reload-or-restart" -> m.ReloadOrRestartUnit(name, mode);
            default -> throw new IllegalArgumentException("not a job verb: " + verb);
        });
        String p = path.getPath();
        return new Job(Long.parseLong(p.substring(p.lastIndexOf('/') + 1)), p);
    }

    /** The job's result once it ended (done, canceled, timeout, failed, dependency, skipped), or empty after {@code timeout}. */
    public Optional<String> awaitJob(long id, Duration timeout) {
        return jobs.await(id, timeout);
    }

    /** enable, disable, mask or unmask the unit file, then reload the manager as systemctl does. */
    public UnitFileChanges unitFiles(String verb, String name, boolean runtime) {
        List<String> files = List.of(name);
        UnitFileChanges result = onManager(m -> switch (verb) {
            case "enable" -> {
                Systemd1.EnableResult r = m.EnableUnitFiles(files, runtime, false);
                yield new UnitFileChanges(r.carriesInstallInfo, changes(r.changes));
            }
            case "disable" -> new UnitFileChanges(true, changes(m.DisableUnitFiles(files, runtime)));
            case "mask" -> new UnitFileChanges(true, changes(m.MaskUnitFiles(files, runtime, false)));
            case "unmask" -> new UnitFileChanges(true, changes(m.UnmaskUnitFiles(files, runtime)));
            default -> throw new IllegalArgumentException("not a unit-file verb: " + verb);
        });
        reload();
        return result;
    }

    /** The (sss) changes; inside EnableUnitFiles' tuple dbus-java hands them over as bare arrays, not as Change. */
    private static List<FileChange> changes(List<?> changes) {
        List<FileChange> out = new ArrayList<>(changes.size());
        for (Object c : changes) {
            Object[] fields = switch (c) {
                case Systemd1.Change change -> new Object[] {change.type, change.file, change.destination};
                case org.freedesktop.dbus.Struct struct -> struct.getParameters();
                case Object[] array -> array;
                case List<?> list -> list.toArray();
                default -> throw new IllegalStateException("unexpected change from systemd: " + c);
            };
            out.add(new FileChange(String.valueOf(fields[0]), String.valueOf(fields[1]), String.valueOf(fields[2])));
        }
        return out;
    }

    /** Sends {@code signal} to the unit's processes ({@code whom}: all, main or control). */
    public void kill(String name, String whom, int signal) {
        onManager(m -> {
            m.KillUnit(name, whom, signal);
            return null;
        });
    }

    public void resetFailed(String name) {
        onManager(m -> {
            m.ResetFailedUnit(name);
            return null;
        });
    }

    /** SetUnitProperties; {@code runtime} settings last until reboot, the others go to /etc/systemd/system.control. */
    public void setProperties(String name, boolean runtime, List<Setting> settings) {
        List<Systemd1.Property> properties = new ArrayList<>();
        for (Setting s : settings) {
            properties.add(new Systemd1.Property(s.name(), variant(s)));
        }
        onManager(m -> {
            m.SetUnitProperties(name, runtime, properties);
            return null;
        });
        cache.invalidate(UnitNames.objectPath(name));
    }

    private static Variant<?> variant(Setting s) {
        return switch (s.signature()) {
            case "t" -> new Variant<>(new UInt64(s.value().toString()));
            case "u" -> new Variant<>(new UInt32(((Number) s.value()).longValue()));
            case "b" -> new Variant<>((Boolean) s.value());
            case "s" -> new Variant<>((String) s.value());
            case "ay" -> new Variant<>((byte[]) s.value(), "ay");
            default -> throw new IllegalArgumentException("unsupported signature " + s.signature());
        };
    }

    /** daemon-reload; returns once systemd has reloaded. */
    public void reload() {
        onManager(m -> {
            m.Reload();
            return null;
        });
        cache.clear();
    }

    /**
     * daemon-reexec. systemd never answers this call (it replaces itself), so the agent sends it without
     * waiting and then waits until a new process owns {@code org.freedesktop.systemd1}.
     */
    public void reexecute(Duration timeout) {
        String before = bus.call(connection -> owner(connection).orElse(""));
        bus.call(connection -> connection.callMethodAsync(manager(connection), "Reexecute"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
            Optional<String> now = bus.call(Systemd::owner);
            if (now.isPresent() && !now.get().equals(before)) {
                cache.clear();
                bus.call(connection -> {
                    try {
                        manager(connection).Subscribe();
                    } catch (DBusExecutionException e) {
                        // systemd restores its subscribers across a reexec; "already subscribed" is fine.
                        LOG.debug("Subscribe after reexec: {}", e.getMessage());
                    }
                    return null;
                });
                return;
            }
        }
        throw ApiException.unavailable("systemd", "systemd did not come back within " + timeout.toSeconds()
                + " s after daemon-reexec");
    }

    private static Optional<String> owner(DBusConnection connection) throws DBusException {
        DBus dbus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
        try {
            return Optional.of(dbus.GetNameOwner(Systemd1.SERVICE));
        } catch (DBusExecutionException e) {
            return Optional.empty();
        }
    }

    /** The manager's properties (Version, Features, Virtualization, SystemState, NFailedUnits, …). */
    public Map<String, Object> manager() {
        return bus.call(connection -> {
            Properties properties = connection.getRemoteObject(Systemd1.SERVICE, Systemd1.MANAGER_PATH,
                    Properties.class);
            return Values.plain(properties.GetAll(Systemd1.MANAGER_INTERFACE));
        });
    }

    /** Whether a bus error means the unit does not exist. */
    public static boolean meansNoSuchUnit(ApiException e) {
        return e instanceof BusError error && (error.is(NO_SUCH_UNIT) || error.is(LOAD_FAILED)
                || error.name().toLowerCase(Locale.ROOT).contains("filenotfound"));
    }

    /** Drops the unit from the cache: for writes whose signals the agent does not wait for. */
    public void forget(String name) {
        cache.invalidate(UnitNames.objectPath(name));
    }

    int cachedUnits() {
        return cache.size();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("systemd", "interrupted while waiting for systemd");
        }
    }
}
