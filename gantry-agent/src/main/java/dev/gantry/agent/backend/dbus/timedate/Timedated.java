package dev.gantry.agent.backend.dbus.timedate;

import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.common.http.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.freedesktop.dbus.errors.AccessDenied;

/**
 * systemd-timedated over the shared {@link SystemBus}. Not cached: timedated's {@code TimeUSec}
 * changes every microsecond and nothing here is read often enough to need it.
 */
public final class Timedated {
    private final SystemBus bus;

    public Timedated(SystemBus bus) {
        this.bus = bus;
    }

    public PropertyValues read() {
        return bus.call(conn -> PropertyValues.read(conn, Timedate1.SERVICE, Timedate1.PATH, Timedate1.INTERFACE));
    }

    public void setTimezone(String timezone) {
        call(t -> t.SetTimezone(timezone, false));
    }

    public void setNtp(boolean on) {
        call(t -> t.SetNTP(on, false));
    }

    /** Whether the RTC keeps local time; the system clock is left as it is. */
    public void setLocalRtc(boolean local) {
        call(t -> t.SetLocalRTC(local, false, false));
    }

    /**
     * Sets the system clock. timedated needs {@code CAP_SYS_TIME} for it, which no process in a
     * container has: the kernel's EPERM comes back as {@code AccessDenied}, which would otherwise read
     * as polkit refusing gantryd, so it is reported here as what it most likely is.
     */
    public void setTime(Instant time) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
        call(t -> {
            try {
                t.SetTime(micros, false, false);
            } catch (AccessDenied e) {
                throw new ApiException(500, "host-refused", "The host refused to set the clock",
                        "timedated could not set the clock (" + e.getMessage() + "): it needs CAP_SYS_TIME, which "
                                + "processes in a container do not have; on a host, check polkit and "
                                + "/usr/share/polkit-1/rules.d/50-gantry.rules");
            }
        });
    }

    private interface Change {
        void apply(Timedate1 timedated);
    }

    private void call(Change change) {
        bus.call(conn -> {
            change.apply(conn.getRemoteObject(Timedate1.SERVICE, Timedate1.PATH, Timedate1.class));
            return null;
        });
    }
}
