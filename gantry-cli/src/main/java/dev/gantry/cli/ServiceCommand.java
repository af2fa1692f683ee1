package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code gantry service}: systemd units and the manager, through the agent's /systemd routes. */
@Command(name = "service", description = "systemd units: status, start/stop, enable/disable, limits, drop-ins, logs.",
        subcommands = {ServiceCommand.ListUnits.class, ServiceCommand.Status.class, ServiceCommand.Start.class,
                ServiceCommand.Stop.class, ServiceCommand.Restart.class, ServiceCommand.TryRestart.class,
                ServiceCommand.Reload.class, ServiceCommand.ReloadOrRestart.class, ServiceCommand.Enable.class,
                ServiceCommand.Disable.class, ServiceCommand.Mask.class, ServiceCommand.Unmask.class,
                ServiceCommand.Kill.class, ServiceCommand.ResetFailed.class, ServiceCommand.Show.class,
                ServiceCommand.SetProperty.class, ServiceCommand.DropInCommand.class, ServiceCommand.Logs.class,
                ServiceCommand.Manager.class})
final class ServiceCommand {
    static final String API = "/systemd";

    private ServiceCommand() {
    }

    static String unitPath(String unit) {
        return API + "/units/" + AgentClient.segment(unit);
    }

    @Command(name = "list", description = "List loaded units.")
    static final class ListUnits extends ApiCommand {
        @Option(names = "--type", paramLabel = "TYPE", description = "only units of this type, e.g. service, timer")
        String type;

        @Option(names = "--state", paramLabel = "STATE", description = "only units in this load, active or sub state, "
                + "e.g. failed, running (comma-separated)")
        String state;

        @Option(names = "--name", paramLabel = "GLOB", description = "only units whose name fits, e.g. 'ssh*'")
        String name;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            if (type != null) {
                query.put("type", type);
            }
            if (state != null) {
                query.put("state", state);
            }
            if (name != null) {
                query.put("name", name);
            }
            output().print(client.get(API + "/units", query, 0), units -> {
                Table table = Table.columns("UNIT", "LOAD", "ACTIVE", "SUB", "DESCRIPTION");
                for (JsonNode u : units) {
                    table.row(u.path("name").asText(), u.path("loadState").asText(), u.path("activeState").asText(),
                            u.path("subState").asText(), u.path("description").asText());
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "status", description = "Show a unit's status; .service is added to a name without a type.")
    static final class Status extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit, e.g. ssh or ssh.service")
        String unit;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get(unitPath(unit)), s -> status(s, output));
            return Gantry.EXIT_OK;
        }

        static String status(JsonNode s, Output output) {
            String fileState = s.path("unitFileState").asText("");
            String loaded = s.path("loadState").asText() + (s.hasNonNull("fragmentPath")
                    ? " (" + s.path("fragmentPath").asText() + (fileState.isEmpty() ? "" : "; " + fileState) + ")" : "");
            String since = s.hasNonNull("stateChangeTimestamp") ? " since " + output.time(s.get("stateChangeTimestamp"))
                    : "";
            JsonNode r = s.path("resources");
            Table table = Table.details()
                    .add("Unit", s.path("name").asText())
                    .add("Description", s.path("description").asText(""))
                    .add("Loaded", loaded)
                    .add("Active", s.path("activeState").asText() + " (" + s.path("subState").asText() + ")" + since)
                    .add("Main PID", s.hasNonNull("mainPid") ? s.get("mainPid").asText() : "-")
                    .add("Tasks", r.hasNonNull("tasks") ? r.get("tasks").asText() : "-")
                    .add("Memory", r.hasNonNull("memoryBytes") ? bytes(r.get("memoryBytes").asLong()) : "-")
                    .add("CPU", r.hasNonNull("cpuNanos") ? cpu(r.get("cpuNanos").asLong()) : "-")
                    .add("CGroup", s.path("controlGroup").asText(""));
            List<String> dropIns = new ArrayList<>();
            s.path("dropInPaths").forEach(p -> dropIns.add(p.asText()));
            if (!dropIns.isEmpty()) {
                table.add("Drop-ins", String.join("\n", dropIns));
            }
            return table.render();
        }
    }

    /** Sizes as systemctl prints them: 1024-based, one decimal: 512B, 1.5K, 23.4M. */
    static String bytes(long n) {
        String[] units = {"B", "K", "M", "G", "T", "P", "E"};
        double v = n;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? n + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[i]);
    }

    /** CPU time: 850ms, 12.345s, 3min 4.5s. */
    static String cpu(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
        }
        return ms / 60_000 + "min " + String.format(Locale.ROOT, "%.1fs", (ms % 60_000) / 1000.0);
    }

    /** start, stop, restart, …: queue the job and, unless --no-block, wait for its result. */
    abstract static class JobAction extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit; .service is added to a name without a type")
        String unit;

        @Option(names = "--no-block", description = "do not wait for the job to finish")
        boolean noBlock;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "how long to wait for the job, e.g. 30s, 5m (default 90s, at most 10m)")
        Duration timeout;

        @Option(names = "--mode", paramLabel = "MODE",
                description = "job mode: replace (default), fail, ignore-dependencies, ignore-requirements")
        String mode;

        /** The action the API names as this subcommand does ({@code start}, {@code enable}...). */
        String action() {
            return spec.name();
        }

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            int seconds = timeout == null ? 90 : (int) Math.max(1, Math.min(600, timeout.toSeconds()));
            if (!noBlock) {
                query.put("wait", "true");
                query.put("timeout", Integer.toString(seconds));
            }
            if (mode != null) {
                query.put("mode", mode);
            }
            JsonNode answer = client.send("POST", unitPath(unit) + "/" + action(), query, null, noBlock ? 0 : seconds);
            output().print(answer, a -> {
                JsonNode job = a.path("job");
                String result = job.hasNonNull("result") ? job.get("result").asText()
                        : noBlock ? "queued" : "still running";
                return a.path("unit").asText() + ": " + action() + " job " + job.path("id").asText() + " " + result
                        + "\n";
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "start", description = "Start a unit and wait for the job.")
    static final class Start extends JobAction {
    }

    @Command(name = "stop", description = "Stop a unit and wait for the job.")
    static final class Stop extends JobAction {
    }

    @Command(name = "restart", description = "Restart a unit (start it if stopped) and wait for the job.")
    static final class Restart extends JobAction {
    }

    @Command(name = "try-restart", description = "Restart a unit if it runs, and wait for the job.")
    static final class TryRestart extends JobAction {
    }

    @Command(name = "reload", description = "Reload a unit's configuration (ExecReload) and wait for the job.")
    static final class Reload extends JobAction {
    }

    @Command(name = "reload-or-restart", description = "Reload a unit if it can, else restart it; wait for the job.")
    static final class ReloadOrRestart extends JobAction {
    }

    /** enable, disable, mask, unmask: print the changes as systemctl does. */
    abstract static class FileAction extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit; .service is added to a name without a type")
        String unit;

        @Option(names = "--runtime", description = "only until reboot (under /run)")
        boolean runtime;

        /** The action the API names as this subcommand does ({@code start}, {@code enable}...). */
        String action() {
            return spec.name();
        }

        @Override
        int run(AgentClient client) {
            Map<String, String> query = runtime ? Map.of("runtime", "true") : Map.of();
            JsonNode answer = client.send("POST", unitPath(unit) + "/" + action(), query, null, 0);
            output().print(answer, a -> {
                StringBuilder out = new StringBuilder();
                for (JsonNode c : a.path("changes")) {
                    String type = c.path("type").asText();
                    out.append(switch (type) {
                        case "symlink" -> "Created symlink " + c.path("file").asText() + " → "
                                + c.path("destination").asText() + ".";
                        case "unlink" -> "Removed \"" + c.path("file").asText() + "\".";
                        default -> type + " " + c.path("file").asText() + (c.path("destination").asText("").isEmpty()
                                ? "" : " → " + c.path("destination").asText());
                    }).append('\n');
                }
                if (!a.path("carriesInstallInfo").asBoolean(true)) {
                    out.append("The unit has no [Install] section: nothing to ").append(action()).append(".\n");
                }
                if (out.isEmpty()) {
                    out.append(a.path("unit").asText()).append(": nothing changed\n");
                }
                return out.toString();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "enable", description = "Enable a unit (its [Install] section) and reload systemd.")
    static final class Enable extends FileAction {
    }

    @Command(name = "disable", description = "Disable a unit and reload systemd.")
    static final class Disable extends FileAction {
    }

    @Command(name = "mask", description = "Mask a unit (link it to /dev/null) so that it cannot start.")
    static final class Mask extends FileAction {
    }

    @Command(name = "unmask", description = "Unmask a unit.")
    static final class Unmask extends FileAction {
    }

    @Command(name = "kill", description = "Send a signal to a unit's processes.")
    static final class Kill extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit")
        String unit;

        @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "name or number (default SIGTERM)")
        String signal;

        @Option(names = "--kill-whom", paramLabel = "WHOM", description = "all (default), main or control")
        String whom;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            if (signal != null) {
                body.put("signal", signal);
            }
            if (whom != null) {
                body.put("whom", whom);
            }
            JsonNode answer = client.send("POST", unitPath(unit) + "/kill", Map.of(), body, 0);
            output().print(answer, a -> a.path("unit").asText() + ": sent " + (signal == null ? "SIGTERM" : signal)
                    + " to " + (whom == null ? "all" : whom) + " processes\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "reset-failed", description = "Reset a unit's failed state.")
    static final class ResetFailed extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit")
        String unit;

        @Override
        int run(AgentClient client) {
            JsonNode answer = client.send("POST", unitPath(unit) + "/reset-failed", Map.of(), null, 0);
            output().print(answer, a -> a.path("unit").asText() + ": failed state reset\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show a unit's properties as Name=Value lines, or one property's value.")
    static final class Show extends ApiCommand {
        @Parameters(index = "0", paramLabel = "UNIT", description = "the unit")
        String unit;

        @Parameters(index = "1", arity = "0..1", paramLabel = "PROPERTY", description = "only this property, e.g. MainPID")
        String property;

        @Override
        int run(AgentClient client) {
            if (property != null) {
                JsonNode answer = client.get(unitPath(unit) + "/properties/" + AgentClient.segment(property));
                output().print(answer, a -> value(a.path("value")) + "\n");
                return Gantry.EXIT_OK;
            }
            output().print(client.get(unitPath(unit) + "/properties"), all -> {
                StringBuilder out = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.append(e.getKey()).append('=').append(value(e.getValue())).append('\n');
                }
                return out.toString();
            });
            return Gantry.EXIT_OK;
        }

        private static String value(JsonNode v) {
            return v.isValueNode() ? v.asText() : Json.compact(v);
        }
    }

    @Command(name = "set-property", description = {"Set resource-control properties of a unit, e.g. "
            + "CPUWeight=200 MemoryMax=512M TasksMax=100 CPUQuota=50%.",
            "CPUShares=N is set as CPUWeight=N*100/1024 (cgroup v2)."})
    static final class SetProperty extends ApiCommand {
        @Parameters(index = "0", paramLabel = "UNIT", description = "the unit")
        String unit;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME=VALUE", description = "properties to set")
        List<String> assignments;

        @Option(names = "--runtime", description = "only until reboot (otherwise persistent in /etc/systemd/system.control)")
        boolean runtime;

        @Override
        int run(AgentClient client) {
            ObjectNode properties = Json.object();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new ParameterException(spec.commandLine(), "expected NAME=VALUE, not '" + a + "'");
                }
                String value = a.substring(eq + 1);
                String name = a.substring(0, eq);
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "yes", "true", "on" -> properties.put(name, true);
                    case "no", "false", "off" -> properties.put(name, false);
                    default -> {
                        if (value.matches("\\d{1,18}")) {
                            properties.put(name, Long.parseLong(value));
                        } else {
                            properties.put(name, value);
                        }
                    }
                }
            }
            ObjectNode body = Json.object();
            body.set("properties", properties);
            body.put("runtime", runtime);
            JsonNode answer = client.send("PATCH", unitPath(unit) + "/properties", Map.of(), body, 0);
            output().print(answer, a -> {
                Table table = Table.columns("PROPERTY", "VALUE");
                a.path("applied").fields().forEachRemaining(e -> table.row(e.getKey(), e.getValue().asText()));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "dropin", description = "Write or remove a unit's drop-in files (/etc/systemd/system/UNIT.d/FILE.conf).",
            subcommands = {DropInCommand.Set.class, DropInCommand.Remove.class})
    static final class DropInCommand {
        @Command(name = "set", description = "Write a drop-in from --content, --from FILE or stdin, and reload systemd.")
        static final class Set extends ApiCommand {
            @Parameters(index = "0", paramLabel = "UNIT", description = "the unit")
            String unit;

            @Parameters(index = "1", paramLabel = "NAME", description = "the drop-in's name, e.g. 50-limits")
            String name;

            @Option(names = "--content", paramLabel = "TEXT", description = "the file's text")
            String content;

            @Option(names = "--from", paramLabel = "FILE", description = "read the text from this file")
            Path from;

            @Override
            int run(AgentClient client) throws IOException {
                if (content != null && from != null) {
                    throw new ParameterException(spec.commandLine(), "give --content or --from, not both");
                }
                String text = content != null ? content.replace("\\n", "\n")
                        : from != null ? Files.readString(from) : readStdin();
                ObjectNode body = Json.object();
                body.put("content", text);
                JsonNode answer = client.send("PUT", unitPath(unit) + "/dropins/" + AgentClient.segment(name),
                        Map.of(), body, 0);
                output().print(answer, a -> "wrote " + a.path("path").asText() + " and reloaded systemd\n");
                return Gantry.EXIT_OK;
            }

            private String readStdin() throws IOException {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Command(name = "remove", description = "Remove a drop-in and reload systemd.")
        static final class Remove extends ApiCommand {
            @Parameters(index = "0", paramLabel = "UNIT", description = "the unit")
            String unit;

            @Parameters(index = "1", paramLabel = "NAME", description = "the drop-in's name")
            String name;

            @Override
            int run(AgentClient client) {
                client.delete(unitPath(unit) + "/dropins/" + AgentClient.segment(name));
                PrintWriter out = spec.commandLine().getOut();
                out.println("removed drop-in " + name + " of " + unit + " and reloaded systemd");
                out.flush();
                return Gantry.EXIT_OK;
            }
        }
    }

    @Command(name = "logs", description = "Show a unit's journal; -f follows it until Ctrl-C.")
    static final class Logs extends ApiCommand {
        @Parameters(paramLabel = "UNIT", description = "the unit")
        String unit;

        @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "how many entries (default 100)")
        Integer lines;

        @Option(names = {"-f", "--follow"}, description = "keep printing new entries")
        boolean follow;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            if (lines != null) {
                query.put("lines", lines.toString());
            }
            Output output = output();
            if (!follow) {
                output.print(client.get(unitPath(unit) + "/logs", query, 0), entries -> {
                    StringBuilder out = new StringBuilder();
                    entries.forEach(e -> out.append(line(e, output)).append('\n'));
                    return out.toString();
                });
                return Gantry.EXIT_OK;
            }
            query.put("follow", "true");
            try (InputStream body = client.stream(unitPath(unit) + "/logs", query, Map.of())) {
                ServerSentEvents events = new ServerSentEvents(body);
                for (var next = events.next(); next.isPresent(); next = events.next()) {
                    ServerSentEvents.Message m = next.get();
                    if (!m.type().equals("log")) {
                        continue;
                    }
                    JsonNode entry = Json.parse(m.data());
                    output.line(output.format() == Output.Format.TABLE ? line(entry, output) : Json.compact(entry));
                }
            } catch (IOException e) {
                throw client.lost(e);
            }
            return Gantry.EXIT_OK;
        }

        /** journalctl's short format: time, identifier[pid]: message. */
        static String line(JsonNode e, Output output) {
            String who = e.path("identifier").asText("?") + (e.hasNonNull("pid") ? "[" + e.get("pid").asText() + "]" : "");
            return output.time(e.get("time")) + " " + who + ": " + e.path("message").asText("");
        }
    }

    @Command(name = "manager", description = "Describe systemd's manager; its subcommands read and change system.conf.",
            subcommands = {Manager.Config.class, Manager.SetConfig.class, Manager.UnsetConfig.class})
    static final class Manager extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get(API + "/manager"), m -> Table.details()
                    .add("Version", m.path("version").asText())
                    .add("State", m.path("state").asText())
                    .add("Virtualization", m.path("virtualization").asText("-"))
                    .add("Architecture", m.path("architecture").asText())
                    .add("Units", m.path("units").asText())
                    .add("Failed units", m.path("failedUnits").asText())
                    .add("Jobs", m.path("jobs").asText())
                    .add("Features", m.path("features").asText())
                    .render());
            return Gantry.EXIT_OK;
        }

        static String config(JsonNode c) {
            Table table = Table.columns("KEY", "VALUE");
            c.path("settings").fields().forEachRemaining(e -> table.row(e.getKey(), e.getValue().asText()));
            return table.render() + (c.path("reexecuted").asBoolean() ? "systemd re-executed with the new settings\n" : "");
        }

        @Command(name = "config", description = "Show the [Manager] settings of /etc/systemd/system.conf.")
        static final class Config extends ApiCommand {
            @Override
            int run(AgentClient client) {
                output().print(client.get(API + "/manager/config"), Manager::config);
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "set", description = "Set [Manager] keys of system.conf, e.g. DefaultTimeoutStopSec=30s.")
        static final class SetConfig extends ApiCommand {
            @Parameters(arity = "1..*", paramLabel = "KEY=VALUE", description = "keys to set")
            List<String> assignments;

            @Option(names = "--reexec", description = "daemon-reexec afterwards so that systemd applies the file")
            boolean reexec;

            @Override
            int run(AgentClient client) {
                ObjectNode settings = Json.object();
                for (String a : assignments) {
                    int eq = a.indexOf('=');
                    if (eq <= 0) {
                        throw new ParameterException(spec.commandLine(), "expected KEY=VALUE, not '" + a + "'");
                    }
                    settings.put(a.substring(0, eq), a.substring(eq + 1));
                }
                return patch(client, settings, reexec);
            }

            int patch(AgentClient client, ObjectNode settings, boolean reexec) {
                ObjectNode body = Json.object();
                body.set("settings", settings);
                JsonNode answer = client.send("PATCH", API + "/manager/config",
                        reexec ? Map.of("reexec", "true") : Map.of(), body, reexec ? 60 : 0);
                output().print(answer, Manager::config);
                return Gantry.EXIT_OK;
            }
        }

        @Command(name = "unset", description = "Remove [Manager] keys from system.conf (back to systemd's defaults).")
        static final class UnsetConfig extends ApiCommand {
            @Parameters(arity = "1..*", paramLabel = "KEY", description = "keys to remove")
            List<String> keys;

            @Option(names = "--reexec", description = "daemon-reexec afterwards so that systemd applies the file")
            boolean reexec;

            @Override
            int run(AgentClient client) {
                ObjectNode settings = Json.object();
                keys.forEach(settings::putNull);
                ObjectNode body = Json.object();
                body.set("settings", settings);
                JsonNode answer = client.send("PATCH", API + "/manager/config",
                        reexec ? Map.of("reexec", "true") : Map.of(), body, reexec ? 60 : 0);
                output().print(answer, Manager::config);
                return Gantry.EXIT_OK;
            }
        }
    }
}
