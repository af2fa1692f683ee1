package dev.gantry.agent.backend.dbus.systemd;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The parts of {@code org.freedesktop.systemd1} the agent uses, declared for dbus-java (which ships
 * no systemd interfaces). Names and signatures follow org.freedesktop.systemd1(5).
 */
public final class Systemd1 {
    static final String SERVICE = "org.freedesktop.systemd1";
    static final String MANAGER_PATH = "/org/freedesktop/systemd1";
    static final String MANAGER_INTERFACE = "org.freedesktop.systemd1.Manager";
    static final String UNIT_INTERFACE = "org.freedesktop.systemd1.Unit";
    static final String UNIT_PATH_PREFIX = "/org/freedesktop/systemd1/unit/";

    private Systemd1() {
    }

    /** {@code org.freedesktop.systemd1.Manager} on {@code /org/freedesktop/systemd1}. */
    @DBusInterfaceName(MANAGER_INTERFACE)
    @SuppressWarnings("checkstyle:MethodName")
    public interface Manager extends DBusInterface {
        DBusPath StartUnit(String name, String mode);

        DBusPath StopUnit(String name, String mode);

        DBusPath RestartUnit(String name, String mode);

        DBusPath TryRestartUnit(String name, String mode);

        DBusPath ReloadUnit(String name, String mode);

        DBusPath ReloadOrRestartUnit(String name, String mode);

        void KillUnit(String name, String whom, int signal);

        void ResetFailedUnit(String name);

        void SetUnitProperties(String name, boolean runtime, List<Property> properties);

        List<UnitEntry> ListUnitsByPatterns(List<String> states, List<String> patterns);

        EnableResult EnableUnitFiles(List<String> files, boolean runtime, boolean force);

        List<Change> DisableUnitFiles(List<String> files, boolean runtime);

        List<Change> MaskUnitFiles(List<String> files, boolean runtime, boolean force);

        List<Change> UnmaskUnitFiles(List<String> files, boolean runtime);

        void Reload();

        void Reexecute();

        void Subscribe();

        /** A job ended; {@code result} is done, canceled, timeout, failed, dependency or skipped. */
        class JobRemoved extends DBusSignal {
            final long id;
            final String unit;
            final String result;

            public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
                super(path, id, job, unit, result);
                this.id = id.longValue();
                this.unit = unit;
                this.result = result;
            }
        }

        /** A unit was loaded into memory. */
        class UnitNew extends DBusSignal {
            final String unitPath;

            public UnitNew(String path, String id, DBusPath unit) throws DBusException {
                super(path, id, unit);
                this.unitPath = unit.getPath();
            }
        }

        /** A unit was unloaded (garbage-collected). */
        class UnitRemoved extends DBusSignal {
            final String unitPath;

            public UnitRemoved(String path, String id, DBusPath unit) throws DBusException {
                super(path, id, unit);
                this.unitPath = unit.getPath();
            }
        }

        /** Sent before (true) and after (false) a daemon-reload. */
        class Reloading extends DBusSignal {
            public Reloading(String path, boolean active) throws DBusException {
                super(path, active);
            }
        }

        /** Unit files were enabled, disabled, masked or unmasked: UnitFileState may have changed. */
        class UnitFilesChanged extends DBusSignal {
            public UnitFilesChanged(String path) throws DBusException {
                super(path);
            }
        }
    }

    /** One (name, value) of SetUnitProperties. */
    public static final class Property extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final Variant<?> value;

        Property(String name, Variant<?> value) {
            this.name = name;
            this.value = value;
        }
    }

    /** One row of ListUnits: {@code (ssssssouso)}. */
    public static final class UnitEntry extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final String description;
        @Position(2)
        public final String loadState;
        @Position(3)
        public final String activeState;
        @Position(4)
        public final String subState;
        @Position(5)
        public final String following;
        @Position(6)
        public final DBusPath path;
        @Position(7)
        public final UInt32 jobId;
        @Position(8)
        public final String jobType;
        @Position(9)
        public final DBusPath jobPath;

        public UnitEntry(String name, String description, String loadState, String activeState, String subState,
                         String following, DBusPath path, UInt32 jobId, String jobType, DBusPath jobPath) {
            this.name = name;
            this.description = description;
            this.loadState = loadState;
            this.activeState = activeState;
            this.subState = subState;
            this.following = following;
            this.path = path;
            this.jobId = jobId;
            this.jobType = jobType;
            this.jobPath = jobPath;
        }
    }

    /** One change of the unit-file methods: {@code (sss)} type, file, destination. */
    public static final class Change extends Struct {
        @Position(0)
        public final String type;
        @Position(1)
        public final String file;
        @Position(2)
        public final String destination;

        public Change(String type, String file, String destination) {
            this.type = type;
            this.file = file;
            this.destination = destination;
        }
    }

    /** EnableUnitFiles' answer {@code (ba(sss))}. */
    public static final class EnableResult extends Tuple {
        @Position(0)
        public final boolean carriesInstallInfo;
        @Position(1)
        public final List<Change> changes;

        public EnableResult(boolean carriesInstallInfo, List<Change> changes) {
            this.carriesInstallInfo = carriesInstallInfo;
            this.changes = changes;
        }
    }
}
