package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry sysctl}: the kernel's tunables, now and for boot. */
@Command(name = "sysctl", description = "Kernel tunables: list, get, set (now, and for boot with --persist), "
        + "remove a persisted setting, load configuration files.",
        subcommands = {SysctlCommand.ListKeys.class, SysctlCommand.Get.class, SysctlCommand.Set.class,
                SysctlCommand.Remove.class, SysctlCommand.Load.class})
final class SysctlCommand {
    private SysctlCommand() {
    }

    @Command(name = "list", description = "List tunables and their current values.")
    static final class ListKeys extends ApiCommand {
        @Parameters(paramLabel = "PATTERN", arity = "0..1",
                description = "only keys in which this regular expression finds a match, e.g. ^net\\.ipv4\\.")
        String pattern;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = pattern == null ? Map.of() : Map.of("pattern", pattern);
            output().print(client.get("/sysctl", query, 0), values -> {
                Table table = Table.columns("KEY", "VALUE");
                values.forEach(v -> table.row(v.path("key").asText(), v.path("value").asText()));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "get", description = "Show a tunable: its current value and the boot files that set it.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "KEY", description = "a dotted key, e.g. net.ipv4.ip_forward")
        String key;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/sysctl/" + AgentClient.segment(key)), SysctlCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "set", description = {"Set a tunable now; with --persist also for boot.",
            "Persisted settings go to /etc/sysctl.d/90-gantry.conf unless --file names another file there."})
    static final class Set extends ApiCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "a dotted key, e.g. net.ipv4.ip_forward")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "the value, as sysctl -w takes it")
        String value;

        @Option(names = "--persist", description = "also write the setting to a file in /etc/sysctl.d")
        boolean persist;

        @Option(names = "--file", paramLabel = "NAME",
                description = "with --persist: the file in /etc/sysctl.d, e.g. 60-net.conf (default: 90-gantry.conf)")
        String file;

        @Override
        int run(AgentClient client) {
            if (file != null && !persist) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--file needs --persist");
            }
            ObjectNode body = Json.object().put("value", value);
            if (persist) {
                body.put("persist", true);
            }
            if (file != null) {
                body.put("file", file);
            }
            output().print(client.put("/sysctl/" + AgentClient.segment(key), body), SysctlCommand::details);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "remove", description = {"Remove a persisted setting from the agent's files in /etc/sysctl.d.",
            "The current value stays until the next boot."})
    static final class Remove extends ApiCommand {
        @Parameters(paramLabel = "KEY", description = "a dotted key")
        String key;

        @Option(names = "--file", paramLabel = "NAME", description = "only from this file in /etc/sysctl.d")
        String file;

        @Override
        int run(AgentClient client) {
            client.send(HttpMethod.DELETE, "/sysctl/" + AgentClient.segment(key),
                    file == null ? Map.of() : Map.of("file", file), null);
            Output output = output();
            if (output.format() == Output.Format.TABLE) {
                output.line("removed the persisted setting of " + key);
            }
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "load", description = {"Apply the settings of sysctl configuration files now.",
            "A bare name is a file in /etc/sysctl.d; paths may name files in the other sysctl.d directories "
                    + "or /etc/sysctl.conf."})
    static final class Load extends ApiCommand {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to apply, in order")
        List<String> files = new ArrayList<>();

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("files");
            files.forEach(list::add);
            output().print(client.post("/sysctl/load", body), result -> {
                Table table = Table.columns("FILE", "LINE", "KEY", "VALUE", "RESULT");
                result.path("applied").forEach(s -> table.row(s.path("file").asText(), s.path("line").asText(),
                        s.path("key").asText(), s.path("value").asText(), "applied"));
                result.path("ignored").forEach(s -> table.row(s.path("file").asText(), s.path("line").asText(),
                        s.path("key").asText(), s.path("value").asText(), "ignored: " + s.path("error").asText()));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    static String details(JsonNode setting) {
        List<String> persisted = new ArrayList<>();
        setting.path("persisted").forEach(p -> persisted.add(p.path("file").asText() + ":" + p.path("line").asInt()
                + "  " + p.path("value").asText()));
        return Table.details()
                .add("Key", setting.path("key").asText())
                .add("Value", setting.path("value").isTextual() ? setting.path("value").asText() : "(write-only)")
                .add("Persisted", persisted.isEmpty() ? "-" : String.join("\n", persisted))
                .render();
    }
}
