package dev.gantry.agent.backend.dbus.network;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.resolve.Resolved;
import dev.gantry.common.http.ApiException;
import org.freedesktop.dbus.interfaces.Peer;
import org.freedesktop.network1.NoSuchLink;

/**
 * systemd-networkd over the shared {@link SystemBus}: whether it is there, and asking it to read its
 * files again. Polkit actions {@code org.freedesktop.network1.reload} and {@code .reconfigure} are
 * allowed to user gantry by packaging/src/deb/polkit/50-gantry.rules.
 */
public class Networkd {
    static final String BACKEND = "systemd-networkd";
    private final SystemBus bus;

    public Networkd(SystemBus bus) {
        this.bus = bus;
    }

    /** Throws a 503 unless networkd answers a {@code Peer.Ping} on the bus. */
    public void requireRunning() {
        try {
            bus.call(conn -> {
                conn.getRemoteObject(Network1Manager.SERVICE, Network1Manager.PATH, Peer.class).Ping();
                return null;
            });
        } catch (BusError e) {
            throw ApiException.unavailable(BACKEND, "systemd-networkd does not answer on the system bus ("
                    + e.name() + "); start it (systemctl start systemd-networkd) and try again");
        }
    }

    /**
     * {@code Manager.Reload}, then {@code ReconfigureLink} for {@code ifindex} when it is not null. A
     * link networkd has not taken in yet (just created, its netlink event still queued) is left to
     * networkd: it configures the link from the files just reloaded when it takes it in.
     */
    public void reload(Integer ifindex) {
        bus.call(conn -> {
            Network1Manager m = conn.getRemoteObject(Network1Manager.SERVICE, Network1Manager.PATH,
                    Network1Manager.class);
            m.Reload();
            if (ifindex != null) {
                try {
                    m.ReconfigureLink(ifindex);
                } catch (NoSuchLink e) {
                    // see above: nothing to reconfigure yet
                }
            }
            return null;
        });
    }

    /** systemd-resolved and timesyncd over the same bus. */
    public Resolved resolved() {
        return new Resolved(bus);
    }
}
