package dev.gantry.agent.system;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.PropertyValues;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.SystemdState;
import dev.gantry.agent.backend.dbus.hostname.Hostnamed;
import dev.gantry.agent.backend.dbus.login.Logind;
import dev.gantry.agent.backend.dbus.timedate.Timedated;
import dev.gantry.agent.backend.host.HostFacts;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Violations;
import java.time.Clock;
import org.freedesktop.timedate1.AutomaticTimeSyncEnabled;
import org.freedesktop.timedate1.NoNTPSupport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/system}: the host at a glance, its names (systemd-hostnamed), its clock
 * (systemd-timedated) and its logins (systemd-logind). Everything goes through the agent's one
 * system bus connection; files answer what they can (os-release, /proc).
 */
public final class SystemModule implements ApiModule {

    private final SystemBus bus;
    private final HostFacts facts;
    private final Hostnamed hostnamed;
    private final Timedated timedated;
    private final Logind logind;
    private final Clock clock;

    public SystemModule(SystemBus bus, HostFacts facts, Clock clock) {
        this.bus = bus;
        this.facts = facts;
        this.hostnamed = new Hostnamed(bus);
        this.timedated = new Timedated(bus);
        this.logind = new Logind(bus);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "system";
    }

    @Override
    public String description() {
        return "The host: OS, kernel, uptime; its hostname, clock and time zone; logged-in users, sessions and seats";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/system").summary("Describe the host: OS, kernel, hostname, uptime, ids, virtualization, "
                + "time and systemd state").returns(SystemInfo.class).handle(req -> info());

        routes.get("/system/hostname").summary("Show the static, pretty and transient hostnames, chassis, "
                        + "deployment and location").returns(HostnameInfo.class)
                .handle(req -> hostname());
        routes.put("/system/hostname").summary("Change hostnames, chassis, deployment or location")
                .description("Only the fields given change; an empty string unsets one. Applied through "
                        + "systemd-hostnamed in the order static, transient, pretty, chassis, deployment, location; "
                        + "a failure leaves the fields before it changed. Answers the names as they are now.")
                .body(HostnameChange.class).returns(HostnameInfo.class)
                .handle(req -> setHostname(req.body(HostnameChange.class)));

        routes.get("/system/time").summary("Show the time zone, NTP state, RTC mode and the clock")
                .returns(TimeInfo.class).handle(req -> time());
        routes.put("/system/time").summary("Change the time zone, NTP, RTC mode or the time")
                .description("Only the fields given change, in the order timezone, localRtc, ntp, time, through "
                        + "systemd-timedated. An unknown zone is a 400; setting the time while NTP is on is a 409.")
                .body(TimeChange.class).returns(TimeInfo.class)
                .handle(req -> setTime(req.body(TimeChange.class)));

        routes.get("/system/login/users").summary("List the users logind tracks").returnsListOf(LoginUser.class)
                .handle(req -> logind.users().stream().map(e -> LoginUser.of(e.properties()))
                        .sorted(Comparator.comparingLong(LoginUser::uid)).toList());
        routes.get("/system/login/users/{uid}").summary("Show a user logind tracks").returns(LoginUser.class)
                .handle(req -> {
                    long uid = uid(req.param("uid"));
                    return logind.user(uid).map(LoginUser::of)
                            .orElseThrow(() -> ApiException.notFound("logind tracks no user " + uid));
                });
        routes.post("/system/login/users/{uid}/kill").summary("Send a signal to every process of a user")
                .description("Body {\"signal\": \"TERM\"}; a name (TERM, SIGKILL) or number; without a body TERM.")
                .body(KillUser.class).status(204)
                .handle(req -> {
                    long uid = uid(req.param("uid"));
                    KillUser kill = req.hasBody() ? req.body(KillUser.class) : new KillUser(null);
                    if (!logind.killUser(uid, kill.number())) {
                        throw ApiException.notFound("logind tracks no user " + uid);
                    }
                    return null;
                });
        routes.get("/system/login/sessions").summary("List login sessions").returnsListOf(LoginSession.class)
                .handle(req -> logind.sessions().stream().map(e -> LoginSession.of(e.properties()))
                        .sorted(Comparator.comparing(LoginSession::id)).toList());
        routes.get("/system/login/sessions/{id}").summary("Show a login session").returns(LoginSession.class)
                .handle(req -> {
                    String id = sessionId(req.param("id"));
                    return logind.session(id).map(LoginSession::of)
                            .orElseThrow(() -> ApiException.notFound("no login session " + id));
                });
        routes.post("/system/login/sessions/{id}/terminate").summary("End a login session and kill its processes")
                .status(204)
                .handle(req -> {
                    String id = sessionId(req.param("id"));
                    if (!logind.terminateSession(id)) {
                        throw ApiException.notFound("no login session " + id);
                    }
                    return null;
                });
        routes.get("/system/login/seats").summary("List seats").returnsListOf(LoginSeat.class)
                .handle(req -> logind.seats().stream().map(e -> LoginSeat.of(e.id(), e.properties()))
                        .sorted(Comparator.comparing(LoginSeat::id)).toList());
    }

    SystemInfo info() {
        Map<String, String> os = facts.osRelease();
        HostFacts.Kernel kernel = facts.kernel();
        SystemdState systemd = SystemdState.read(bus);
        double uptime = facts.uptimeSeconds();
        Instant now = clock.instant();
        String zone = facts.timezone();
        String local;
        try {
            local = ZonedDateTime.ofInstant(now, ZoneId.of(zone)).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (java.time.DateTimeException e) {
            local = null; // a zone the JDK's tz data does not know (newer than the runtime)
        }
        return new SystemInfo(
                new SystemInfo.Os(os.get("ID"), os.containsKey("ID_LIKE") ? List.of(os.get("ID_LIKE").split("\\s+"))
                        : List.of(), os.get("NAME"), os.get("PRETTY_NAME"), os.get("VERSION"), os.get("VERSION_ID"),
                        os.get("VERSION_CODENAME"), os.get("HOME_URL")),
                new SystemInfo.Kernel(kernel.name(), kernel.release(), kernel.version(), kernel.machine()),
                Hostnamed.kernelHostname(), (long) uptime,
                now.minusMillis((long) (uptime * 1000)), facts.bootId(), facts.machineId(),
                systemd.virtualization(), new SystemInfo.Clock(now, zone, local),
                new SystemInfo.Systemd(systemd.version(), systemd.systemState()));
    }

    HostnameInfo hostname() {
        Hostnamed.Snapshot s = hostnamed.read();
        PropertyValues p = s.properties();
        return new HostnameInfo(p.text("StaticHostname").orElse(null), p.text("PrettyHostname").orElse(null),
                s.transientHostname(), p.text("DefaultHostname").orElse(null), p.text("Chassis").orElse(null),
                p.text("Deployment").orElse(null), p.text("Location").orElse(null), p.text("IconName").orElse(null),
                p.text("HardwareVendor").orElse(null), p.text("HardwareModel").orElse(null));
    }

    private HostnameInfo setHostname(HostnameChange change) {
        if (change.transientHostname() != null && !change.transientHostname().isEmpty()) {
            // hostnamed accepts SetHostname but ignores it while a static hostname is set ("static
            // hostname is already set, so the specified transient hostname will not be used"): say so
            // before changing anything, rather than answer 200 with the old name.
            String staticAfter = change.staticHostname() != null ? change.staticHostname()
                    : hostnamed.read().properties().string("StaticHostname");
            if (!staticAfter.isEmpty()) {
                throw ApiException.conflict("a static hostname (" + staticAfter + ") is set and takes precedence; "
                        + "hostnamed ignores a transient hostname then. Unset it in the same request with \"static\": \"\"");
            }
        }
        write(() -> {
            if (change.staticHostname() != null) {
                hostnamed.setStatic(change.staticHostname());
            }
            if (change.transientHostname() != null) {
                hostnamed.setTransient(change.transientHostname());
            }
            if (change.pretty() != null) {
                hostnamed.setPretty(change.pretty());
            }
            if (change.chassis() != null) {
                hostnamed.setChassis(change.chassis());
            }
            if (change.deployment() != null) {
                hostnamed.setDeployment(change.deployment());
            }
            if (change.location() != null) {
                hostnamed.setLocation(change.location());
            }
        });
        return hostname();
    }

    TimeInfo time() {
        PropertyValues p = timedated.read();
        return new TimeInfo(p.string("Timezone"), p.bool("LocalRTC"), p.bool("CanNTP"), p.bool("NTP"),
                p.bool("NTPSynchronized"), p.micros("TimeUSec").orElse(null), p.micros("RTCTimeUSec").orElse(null));
    }

    private TimeInfo setTime(TimeChange change) {
        if (change.timezone() != null) {
            Violations v = new Violations();
            v.check(facts.isTimezone(change.timezone()), "timezone", "timezone",
                    "a zone of the host's tz database (/usr/share/zoneinfo), such as Europe/Berlin or UTC",
                    change.timezone());
            v.throwIfAny();
        }
        write(() -> {
            if (change.timezone() != null) {
                timedated.setTimezone(change.timezone());
            }
            if (change.localRtc() != null) {
                timedated.setLocalRtc(change.localRtc());
            }
            if (change.ntp() != null) {
                timedated.setNtp(change.ntp());
            }
            change.instant().ifPresent(timedated::setTime);
        });
        return time();
    }

    /** Runs writes, mapping the services' refusals that mean "not in this state" to 409. */
    private static void write(Runnable writes) {
        try {
            writes.run();
        } catch (BusError e) {
            if (e.is(AutomaticTimeSyncEnabled.class.getName())) {
                throw ApiException.conflict("NTP is on; turn it off (\"ntp\": false) to set the time: " + e.message());
            }
            if (e.is(NoNTPSupport.class.getName())) {
                throw ApiException.conflict("this host has no NTP service timedated can use: " + e.message());
            }
            throw e;
        }
    }

    private static long uid(String text) {
        if (!text.matches("[0-9]{1,10}") || Long.parseLong(text) > 0xFFFF_FFFEL) {
            throw ApiException.invalid("uid", "uid", "a numeric user id", text);
        }
        return Long.parseLong(text);
    }

    /** logind's session ids are short: letters, digits, and (for the display manager) "c" and a number. */
    private static String sessionId(String text) {
        if (!text.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiException.invalid("id", "session", "a session id such as 3 or c1", text);
        }
        return text;
    }
}
