package dev.gantry.agent.systemd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.agent.backend.cgroup.CgroupStats;
import dev.gantry.agent.backend.dbus.BusError;
import dev.gantry.agent.backend.dbus.SystemBus;
import dev.gantry.agent.backend.dbus.systemd.Systemd;
import dev.gantry.agent.backend.dbus.systemd.UnitNames;
import dev.gantry.agent.backend.journal.Journal;
import dev.gantry.common.http.ApiException;
import dev.gantry.common.http.ApiModule;
import dev.gantry.common.http.ApiRequest;
import dev.gantry.common.http.Reply;
import dev.gantry.common.http.Routes;
import dev.gantry.common.http.Validated;
import dev.gantry.common.http.Violations;
import dev.gantry.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/systemd}: units (status, properties, actions, resource limits, drop-ins, logs) and
 * the manager (state, {@code system.conf}). Everything goes over the agent's one system bus
 * connection except logs (journalctl) and files (drop-ins, system.conf, written atomically).
 */
public final class SystemdModule implements ApiModule {
    static final Set<String> JOB_ACTIONS = Set.of("start", "stop", "restart", "try-restart", "reload",
            "reload-or-restart");
    static final Set<String> FILE_ACTIONS = Set.of("enable", "disable", "mask", "unmask");
    static final List<String> ACTIONS = List.of("start", "stop", "restart", "try-restart", "reload",
            "reload-or-restart", "enable", "disable", "mask", "unmask", "kill", "reset-failed");
    static final Set<String> MODES = Set.of("replace", "fail", "ignore-dependencies", "ignore-requirements");
    static final int DEFAULT_WAIT_SECONDS = 90;
    static final int MAX_WAIT_SECONDS = 600;
    static final int DEFAULT_LOG_LINES = 100;
    static final int MAX_LOG_LINES = 10_000;
    static final long HEARTBEAT_MILLIS = 15_000;
    /** systemd's answers that mean "not in this state": the request was fine, the unit's state or files forbid it. */
    static final Set<String> CONFLICTS = Set.of("UnitMasked", "UnitExists", "JobTypeNotApplicable",
            "OnlyByDependency", "UnitInactive", "UnitBusy", "TransactionIsDestructive", "TransactionJobsConflicting",
            "TransactionOrderIsCyclic", "NoIsolation", "UnitGenerated", "UnitLinked", "BadUnitSetting", "ShuttingDown")
            .stream().map(n -> "org.freedesktop.systemd1." + n)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Pattern DROPIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");

    private final Systemd systemd;
    private final CgroupStats cgroups;
    private final UnitFiles files;

    SystemdModule(Systemd systemd, CgroupStats cgroups, UnitFiles files) {
        this.systemd = systemd;
        this.cgroups = cgroups;
        this.files = files;
    }

    /** The module for this host: its system bus, /sys/fs/cgroup, /etc/systemd. */
    public static SystemdModule host(SystemBus bus) {
        return host(new Systemd(bus));
    }

    /** The module for this host, on a {@link Systemd} other modules share (one subscription, one unit cache). */
    public static SystemdModule host(Systemd systemd) {
        return new SystemdModule(systemd, CgroupStats.host(), new UnitFiles(Path.of("/etc/systemd")));
    }

    /** Body of {@code POST /units/{name}/kill}; both fields optional (SIGTERM to all processes). */
    public record KillRequest(String signal, String whom) implements Validated {
        @Override
        public void validate(Violations v) {
            if (signal != null) {
                v.check(Signals.parse(signal).isPresent(), "signal", "signal",
                        "a signal name or number, e.g. SIGTERM, HUP or 9", signal);
            }
            if (whom != null) {
                v.check(Set.of("all", "main", "control").contains(whom), "whom", "enum", "all, main or control", whom);
            }
        }
    }

    /** Body of {@code PATCH /units/{name}/properties}. */
    public record PropertiesPatch(Map<String, JsonNode> properties, Boolean runtime) {
    }

    /** Body of {@code PUT /units/{name}/dropins/{file}}: the file's whole text. */
    public record DropIn(String content) implements Validated {
        @Override
        public void validate(Violations v) {
            if (v.check(content != null, "content", "required", "the drop-in's text, e.g. \"[Service]\\nCPUWeight=50\\n\"",
                    null)) {
                UnitFiles.checkDropIn(content, v);
            }
        }
    }

    /** Body of {@code PATCH /manager/config}: keys to set; a null value removes the key. */
    public record ManagerConfigPatch(Map<String, String> settings) implements Validated {
        @Override
        public void validate(Violations v) {
            if (!v.check(settings != null && !settings.isEmpty(), "settings", "required", "name at least one key",
                    null)) {
                return;
            }
            settings.forEach((key, value) -> {
                if (!SystemConf.KEYS.contains(key)) {
                    v.add("settings." + key, "unknown-key", "not a [Manager] key gantry may change; allowed: "
                            + String.join(", ", SystemConf.KEYS), key);
                } else if (value != null) {
                    v.check(value.length() <= 4096 && value.chars().noneMatch(c -> c < 0x20 && c != '\t'),
                            "settings." + key, "value", "one line of at most 4096 characters", value);
                }
            });
        }
    }

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public String description() {
        return "systemd units and manager: status, actions, resource limits, drop-ins, logs, system.conf";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/systemd/units").summary("List loaded units").returnsListOf(Views.UnitSummary.class)
                .query("type", String.class, "only units of this type: service, socket, timer, …")
                .query("state", String.class, "only units with this load, active or sub state (comma-separated)")
                .query("name", String.class, "only units whose name fits this glob, e.g. ssh*")
                .handle(this::list);
        routes.get("/systemd/units/{name}").summary("Show a unit's status").returns(Views.UnitStatus.class)
                .description("`.service` is added to a name without a unit type. Memory, CPU and tasks are read "
                        + "from the unit's cgroup at the time of the request.")
                .handle(req -> Views.UnitStatus.of(requireUnit(unit(req)), cgroups, systemd.cgroupRoot()));
        routes.get("/systemd/units/{name}/properties").summary("Show every property of a unit")
                .returns(Map.class)
                .handle(req -> new TreeMap<>(properties(unit(req))));
        routes.get("/systemd/units/{name}/properties/{property}").summary("Show one property of a unit")
                .returns(Views.Property.class)
                .handle(req -> {
                    String unit = unit(req);
                    String property = req.param("property");
                    Map<String, Object> all = properties(unit);
                    if (!all.containsKey(property)) {
                        throw ApiException.notFound("unit " + unit + " has no property " + property);
                    }
                    return new Views.Property(unit, property, all.get(property));
                });
        routes.patch("/systemd/units/{name}/properties").summary("Set resource-control properties of a unit")
                .description("Settable: " + String.join(", ", ResourceProperties.KNOWN.keySet()) + ". With "
                        + "`runtime: true` the change lasts until reboot; otherwise systemd writes it to "
                        + "/etc/systemd/system.control. CPUShares is mapped to CPUWeight (weight = shares × 100 / 1024).")
                .body(PropertiesPatch.class).returns(Views.PropertiesApplied.class)
                .handle(this::setProperties);
        routes.post("/systemd/units/{name}/kill").summary("Send a signal to a unit's processes")
                .body(KillRequest.class).returns(Views.ActionResult.class)
                .handle(req -> {
                    String unit = unit(req);
                    KillRequest body = req.hasBody() ? req.body(KillRequest.class) : new KillRequest(null, null);
                    requireUnit(unit);
                    int signal = body.signal() == null ? 15 : Signals.parse(body.signal()).orElseThrow();
                    mapped(unit, () -> {
                        systemd.kill(unit, body.whom() == null ? "all" : body.whom(), signal);
                        return null;
                    });
                    return new Views.ActionResult(unit, "kill", null, null, null);
                });
        routes.post("/systemd/units/{name}/{action}").summary("Act on a unit: " + String.join(", ", ACTIONS))
                .description("start, stop, restart, try-restart, reload and reload-or-restart queue a systemd job; "
                        + "with `wait=true` the answer comes when the job has ended and carries its result (a result "
                        + "other than done is a 409 `job-failed`). enable, disable, mask and unmask change unit "
                        + "files and reload the manager. kill takes a body; see POST /units/{name}/kill.")
                .query("wait", Boolean.class, "wait for the job to end (JobRemoved)")
                .query("timeout", Integer.class, "seconds to wait, 1-" + MAX_WAIT_SECONDS + " (default "
                        + DEFAULT_WAIT_SECONDS + ")")
                .query("mode", String.class, "job mode: replace (default), fail, ignore-dependencies, ignore-requirements")
                .query("runtime", Boolean.class, "enable/disable/mask/unmask under /run only, until reboot")
                .returns(Views.ActionResult.class)
                .handle(this::act);
        routes.put("/systemd/units/{name}/dropins/{file}").summary("Write a drop-in file of a unit and reload")
                .description("Writes /etc/systemd/system/{name}.d/{file}.conf atomically (owned by root, mode 0644), "
                        + "then daemon-reloads.")
                .body(DropIn.class).returns(Views.DropInFile.class)
                .handle(req -> {
                    String unit = unit(req);
                    String file = dropInName(req.param("file"));
                    DropIn body = req.body(DropIn.class);
                    requireUnit(unit);
                    Path path = files.writeDropIn(unit, file, body.content());
                    systemd.reload();
                    return new Views.DropInFile(unit, file, path.toString(), body.content());
                });
        routes.delete("/systemd/units/{name}/dropins/{file}").summary("Remove a drop-in file of a unit and reload")
                .handle(req -> {
                    String unit = unit(req);
                    String file = dropInName(req.param("file"));
                    requireUnit(unit);
                    if (!files.removeDropIn(unit, file)) {
                        throw ApiException.notFound("unit " + unit + " has no drop-in " + file);
                    }
                    systemd.reload();
                    return null;
                });
        routes.get("/systemd/units/{name}/logs").summary("Show a unit's journal")
                .description("The last `lines` entries, oldest first. With `follow=true` a Server-Sent Events stream: "
                        + "those entries, then each new one as it is written (`event: log`), until the client goes.")
                .query("lines", Integer.class, "how many entries, 0-" + MAX_LOG_LINES + " (default "
                        + DEFAULT_LOG_LINES + ")")
                .query("follow", Boolean.class, "stream new entries as Server-Sent Events")
                .returnsListOf(Views.LogEntry.class)
                .handle(this::logs);
        routes.get("/systemd/manager").summary("Describe systemd's manager").returns(Views.ManagerInfo.class)
                .handle(req -> Views.ManagerInfo.of(systemd.manager()));
        routes.get("/systemd/manager/config").summary("Show the [Manager] settings of /etc/systemd/system.conf")
                .returns(Views.ManagerConfig.class)
                .handle(req -> new Views.ManagerConfig(files.systemConf().toString(),
                        SystemConf.read(files.readSystemConf()), false));
        routes.patch("/systemd/manager/config").summary("Change [Manager] settings of /etc/systemd/system.conf")
                .description("Keys set to a value replace their line; keys set to null are removed. systemd reads the "
                        + "file only when it (re-)executes: `reexec=true` runs daemon-reexec afterwards. Allowed keys: "
                        + String.join(", ", SystemConf.KEYS) + ".")
                .query("reexec", Boolean.class, "daemon-reexec after writing, so that systemd applies the file")
                .body(ManagerConfigPatch.class).returns(Views.ManagerConfig.class)
                .handle(req -> {
                    ManagerConfigPatch body = req.body(ManagerConfigPatch.class);
                    boolean reexec = req.flag("reexec");
                    String text = SystemConf.edit(files.readSystemConf(), body.settings());
                    files.writeSystemConf(text);
                    if (reexec) {
                        systemd.reexecute(Duration.ofSeconds(60));
                    }
                    return new Views.ManagerConfig(files.systemConf().toString(), SystemConf.read(text), reexec);
                });
    }

    /** The full unit name from the path, or a 400 before anything else happens. */
    static String unit(ApiRequest req) {
        String given = req.param("name");
        return UnitNames.normalize(given).orElseThrow(() -> ApiException.invalid("name", "unit-name",
                "not a unit name: letters, digits and :_.@-\\ ending in a unit type (or none for .service), "
                        + "at most 255 characters, no '..' or '/'", given));
    }

    private Map<String, Object> requireUnit(String unit) {
        return systemd.unit(unit).orElseThrow(() -> ApiException.notFound("no unit " + unit));
    }

    private Map<String, Object> properties(String unit) {
        return systemd.properties(unit).orElseThrow(() -> ApiException.notFound("no unit " + unit));
    }

    private Object list(ApiRequest req) {
        List<String> states = req.query("state").map(s -> List.of(s.split(","))).orElse(List.of());
        List<String> patterns = req.query("name").map(List::of).orElse(List.of());
        String type = req.query("type").orElse(null);
        if (type != null && !UnitNames.TYPES.contains(type)) {
            throw ApiException.invalid("type", "enum", "one of "
                    + String.join(", ", UnitNames.TYPES.stream().sorted().toList()), type);
        }
        return systemd.list(states, patterns).stream()
                .filter(row -> type == null || row.name().endsWith("." + type))
                .map(Views.UnitSummary::of)
                .sorted(java.util.Comparator.comparing(Views.UnitSummary::name))
                .toList();
    }

    private Object setProperties(ApiRequest req) {
        String unit = unit(req);
        PropertiesPatch body = req.body(PropertiesPatch.class);
        Violations violations = new Violations();
        List<Systemd.Setting> settings = ResourceProperties.settings(body.properties(), violations);
        violations.throwIfAny();
        requireUnit(unit);
        boolean runtime = Boolean.TRUE.equals(body.runtime());
        mapped(unit, () -> {
            systemd.setProperties(unit, runtime, settings);
            return null;
        });
        Map<String, Object> applied = new LinkedHashMap<>();
        settings.forEach(s -> applied.put(s.name(),
                s.value() instanceof byte[] ? body.properties().get(s.name()).asText() : s.value()));
        return new Views.PropertiesApplied(unit, runtime, applied);
    }

    private Object act(ApiRequest req) {
        String unit = unit(req);
        String action = req.param("action");
        if (!ACTIONS.contains(action) || action.equals("kill")) {
            throw ApiException.notFound("no action " + action + "; actions: " + String.join(", ", ACTIONS));
        }
        boolean wait = req.flag("wait");
        int timeout = req.intQuery("timeout", 1, MAX_WAIT_SECONDS).orElse(DEFAULT_WAIT_SECONDS);
        String mode = req.query("mode").orElse("replace");
        if (!MODES.contains(mode)) {
            throw ApiException.invalid("mode", "enum", "one of " + String.join(", ", MODES), mode);
        }
        boolean runtime = req.flag("runtime");
        requireUnit(unit);
        if (JOB_ACTIONS.contains(action)) {
            Systemd.Job job = mapped(unit, () -> systemd.job(action, unit, mode));
            String result = null;
            if (wait) {
                result = systemd.awaitJob(job.id(), Duration.ofSeconds(timeout)).orElse(null);
                if (result != null && !result.equals("done")) {
                    throw new ApiException(409, "job-failed", "Job failed", "job " + job.id() + " (" + action + " "
                            + unit + ") ended with result '" + result + "'; see the unit's status and logs");
                }
            }
            return new Views.ActionResult(unit, action, new Views.JobInfo(job.id(), job.path(), result), null, null);
        }
        if (FILE_ACTIONS.contains(action)) {
            if (action.equals("mask") && files.isUnitFileInEtc(unit)) {
                throw ApiException.conflict("the unit file of " + unit + " is /etc/systemd/system/" + unit
                        + ": masking would have to replace it; move it to /usr/lib/systemd/system first");
            }
            Systemd.UnitFileChanges changes = mapped(unit, () -> systemd.unitFiles(action, unit, runtime));
            return new Views.ActionResult(unit, action, null, changes.carriesInstallInfo(), changes.changes());
        }
        mapped(unit, () -> {
            systemd.resetFailed(unit);
            return null;
        });
        return new Views.ActionResult(unit, action, null, null, null);
    }

    /** Runs a write, mapping systemd's refusals to statuses: unknown unit 404, wrong state 409, bad argument 400. */
    private <T> T mapped(String unit, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (BusError e) {
            if (Systemd.meansNoSuchUnit(e)) {
                throw ApiException.notFound("no unit " + unit + " (" + e.message() + ")");
            }
            String name = e.name();
            if (CONFLICTS.contains(name) || name.equals("org.freedesktop.DBus.Error.FileExists")) {
                throw ApiException.conflict(e.message());
            }
            if (name.equals("org.freedesktop.DBus.Error.InvalidArgs")) {
                throw ApiException.badRequest(e.message());
            }
            throw e;
        }
    }

    static String dropInName(String given) {
        String file = given.endsWith(".conf") ? given.substring(0, given.length() - 5) : given;
        if (!DROPIN.matcher(file).matches() || file.contains("..")) {
            throw ApiException.invalid("file", "file-name", "a drop-in name: letters, digits and _.@- (at most 128, "
                    + "not starting with '.', no '..'); .conf is added", given);
        }
        return file;
    }

    private Object logs(ApiRequest req) {
        String unit = unit(req);
        int lines = req.intQuery("lines", 0, MAX_LOG_LINES).orElse(DEFAULT_LOG_LINES);
        boolean follow = req.flag("follow");
        requireUnit(unit);
        if (!follow) {
            List<Views.LogEntry> entries = new ArrayList<>();
            for (String line : Journal.tail(unit, lines)) {
                entries.add(Views.LogEntry.parse(line));
            }
            return entries;
        }
        return Reply.stream("text/event-stream", out -> follow(unit, lines, out));
    }

    private static void follow(String unit, int lines, OutputStream out) throws IOException, InterruptedException {
        try (Journal.Follow journal = Journal.follow(unit, lines)) {
            out.write((": journal of " + unit + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String line = journal.next(Duration.ofMillis(HEARTBEAT_MILLIS));
                if (line == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else if (line.equals(Journal.END)) {
                    out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return;
                } else {
                    out.write(("event: log\ndata: " + Json.text(Views.LogEntry.parse(line)) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            }
        }
    }
}
