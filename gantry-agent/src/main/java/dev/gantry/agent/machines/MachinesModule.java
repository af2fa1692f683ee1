package dev.gantry.agent.machines;

import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.machine.Machined;
import dev.gantry.agent.backend.dbus.systemd.Systemd;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Routes;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /api/v1/machines}: the containers and VMs systemd-machined tracks, and machinectl's power
 * actions on them. Everything goes through the agent's one system bus connection: machined for the
 * machines, systemd for starting an image's {@code systemd-nspawn@.service}.
 */
public final class MachinesModule implements ApiModule {
    static final List<String> ACTIONS = List.of("start", "poweroff", "reboot", "terminate", "kill");
    /** What machinectl poweroff sends: systemd (and most inits) halt on SIGRTMIN+4. */
    static final int SIGRTMIN_PLUS_4 = 38;
    /** What machinectl reboot sends: SIGINT is systemd's ctrl-alt-del, a reboot. */
    static final int SIGINT = 2;
    /** How long start waits for systemd-nspawn@.service's job (nspawn reports ready once the container booted). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** machined's rule (machine_name_is_valid): a hostname of at most 64 characters. */
    /** machined lists the host itself as machine ".host" of class "host"; it is not a machine one can power. */
    static final String HOST_CLASS = "host";
    private static final String NAME = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";

    private final Machined machined;
    private final Systemd systemd;

    public MachinesModule(Machined machined, Systemd systemd) {
        this.machined = machined;
        this.systemd = systemd;
    }

    /** The module for this host's machined and systemd on {@code bus}. */
    public static MachinesModule host(SystemBus bus, Systemd systemd) {
        return new MachinesModule(new Machined(bus), systemd);
    }

    @Override
    public String name() {
        return "machines";
    }

    @Override
    public String description() {
        return "Containers and VMs systemd-machined tracks, and their power actions (machinectl)";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/machines").summary("List the machines systemd-machined tracks").returnsListOf(Machine.class)
                .description("Containers and VMs, as machinectl list shows them: machined's entry for the host "
                        + "itself (.host, class host) is left out.")
                .handle(req -> machined.machines().stream().map(Machine::of)
                        .filter(m -> !m.machineClass().equals(HOST_CLASS))
                        .sorted(Comparator.comparing(Machine::name)).toList());
        routes.get("/machines/{name}").summary("Show a machine").returns(Machine.class)
                .handle(req -> {
                    String name = name(req);
                    return machined.machine(name).map(Machine::of)
                            .orElseThrow(() -> ApiException.notFound("machined tracks no machine " + name));
                });
        routes.post("/machines/{name}/actions/{action}").summary("Power a machine: " + String.join(", ", ACTIONS))
                .description("As machinectl does it. start: StartUnit systemd-nspawn@NAME.service for the image NAME "
                        + "(/var/lib/machines and machined's other image directories), answering once the job is "
                        + "done; 404 without such an image, 409 when the machine runs. poweroff: SIGRTMIN+4 to its "
                        + "leader; reboot: SIGINT to its leader (409 while it is closing); terminate: machined stops "
                        + "its unit; kill: body {\"signal\": \"TERM\", \"whom\": \"all\"}, both optional. These four "
                        + "answer once machined took the request, are a 404 for a name that is neither a machine "
                        + "nor an image, and a 409 for an image that does not run.")
                .body(MachineKill.class).returns(MachineAction.class)
                .handle(this::act);
    }

    private MachineAction act(ApiRequest req) {
        String name = name(req);
        String action = req.param("action");
        if (!ACTIONS.contains(action)) {
            throw ApiException.notFound("no action " + action + "; actions: " + String.join(", ", ACTIONS));
        }
        MachineKill kill = action.equals("kill") && req.hasBody() ? req.body(MachineKill.class)
                : new MachineKill(null, null);
        Optional<Machine> machine = machined.machine(name).map(Machine::of);
        if (action.equals("start")) {
            return start(name, machine);
        }
        if (machine.isEmpty()) {
            throw notRunning(name);
        }
        boolean done = switch (action) {
            case "poweroff" -> signal(machine.get(), SIGRTMIN_PLUS_4);
            case "reboot" -> signal(machine.get(), SIGINT);
            case "terminate" -> unitIdle(name, () -> machined.terminate(name));
            default -> machined.kill(name, kill.target(), kill.number());
        };
        if (!done) {
            throw notRunning(name); // it went away between the read and the action
        }
        return switch (action) {
            case "poweroff" -> new MachineAction(name, action, SIGRTMIN_PLUS_4, "leader", null, null, null);
            case "reboot" -> new MachineAction(name, action, SIGINT, "leader", null, null, null);
            case "kill" -> new MachineAction(name, action, kill.number(), kill.target(), null, null, null);
            default -> new MachineAction(name, action, null, null, machine.get().unit(), null, null);
        };
    }

    /** A machine that is already going down would take a second poweroff or reboot as the same or a racing one. */
    private boolean signal(Machine machine, int signal) {
        if (machine.state().equals("closing")) {
            throw ApiException.conflict("machine " + machine.name() + " is closing; terminate or kill it instead");
        }
        return machined.kill(machine.name(), "leader", signal);
    }

    /**
     * machined stops a machine's unit with job mode "fail", which systemd refuses while another job of
     * the unit is queued (nspawn@ starting again after a reboot): machined passes that on as errno EDEADLK
     * ("Resource deadlock avoided"), without an error name of its own. That is the machine's state, a 409.
     */
    private static boolean unitIdle(String name, BooleanSupplier action) {
        try {
            return action.getAsBoolean();
        } catch (BusError e) {
            if (e.is("System.Error.EDEADLK") || e.message().contains("Resource deadlock avoided")) {
                throw ApiException.conflict("machine " + name + "'s unit has a job pending (it is starting or "
                        + "stopping); try again once it ran: " + e.message());
            }
            throw e;
        }
    }

    private MachineAction start(String name, Optional<Machine> running) {
        if (running.isPresent()) {
            throw ApiException.conflict("machine " + name + " is already " + running.get().state());
        }
        if (!machined.imageExists(name)) {
            throw ApiException.notFound("no machine or image " + name + " (images live in /var/lib/machines)");
        }
        String unit = "systemd-nspawn@" + name + ".service";
        Systemd.Job job = systemd.job("start", unit, "fail");
        String result = systemd.awaitJob(job.id(), START_TIMEOUT).orElse(null);
        if (result == null) {
            throw new ApiException(409, "job-failed", "Job failed", "job " + job.id() + " (start " + unit
                    + ") has not ended after " + START_TIMEOUT.toSeconds() + " s");
        }
        if (!result.equals("done")) {
            throw new ApiException(409, "job-failed", "Job failed", "job " + job.id() + " (start " + unit
                    + ") ended with result '" + result + "'; see the unit's status and logs");
        }
        return new MachineAction(name, "start", null, null, unit, job.id(), result);
    }

    private ApiException notRunning(String name) {
        return machined.imageExists(name)
                ? ApiException.conflict("machine " + name + " is not running; start it first")
                : ApiException.notFound("no machine or image " + name);
    }

    private static String name(ApiRequest req) {
        String name = req.param("name");
        if (name.length() > 64 || !name.matches(NAME)) {
            throw ApiException.invalid("name", "machine-name",
                    "a machine name: a hostname of at most 64 characters (letters, digits, -, _ and dots)", name);
        }
        return name;
    }
}
