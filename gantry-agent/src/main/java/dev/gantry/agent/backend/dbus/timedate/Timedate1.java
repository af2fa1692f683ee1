package dev.gantry.agent.backend.dbus.timedate;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The methods of {@code org.freedesktop.timedate1} that gantryd calls (systemd-timedated). */
@DBusInterfaceName(Timedate1.INTERFACE)
public interface Timedate1 extends DBusInterface {
    String SERVICE = "org.freedesktop.timedate1";
    String INTERFACE = "org.freedesktop.timedate1";
    String PATH = "/org/freedesktop/timedate1";

    /** {@code usecUtc}: microseconds since the epoch, or an offset when {@code relative}. */
    void SetTime(long usecUtc, boolean relative, boolean interactive);

    void SetTimezone(String timezone, boolean interactive);

    /** {@code fixSystem}: set the system clock from the RTC as it is reinterpreted. */
    void SetLocalRTC(boolean localRtc, boolean fixSystem, boolean interactive);

    void SetNTP(boolean useNtp, boolean interactive);
}
