package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gantry machine}: containers and VMs of systemd-machined and their power actions, as machinectl. */
@Command(name = "machine", description = "Containers and VMs (systemd-machined): list, show, power actions.",
        subcommands = {MachineCommand.ListMachines.class, MachineCommand.Show.class, MachineCommand.Start.class,
                MachineCommand.Poweroff.class, MachineCommand.Reboot.class, MachineCommand.Terminate.class,
                MachineCommand.Kill.class})
final class MachineCommand {
    private MachineCommand() {
    }

    @Command(name = "list", description = "List the machines machined tracks.")
    static final class ListMachines extends ApiCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/machines"), machines -> {
                Table table = Table.columns("MACHINE", "CLASS", "SERVICE", "STATE", "LEADER", "ADDRESSES", "SINCE");
                for (JsonNode m : machines) {
                    table.row(m.path("name").asText(), m.path("class").asText(), m.path("service").asText(""),
                            m.path("state").asText(), m.path("leader").asText(), addresses(m), output.time(m.get("since")));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "show", description = "Show one machine.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the machine's name")
        String name;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/machines/" + AgentClient.segment(name)), m -> Table.details()
                    .add("Name", m.path("name").asText())
                    .add("ID", m.path("id").asText())
                    .add("Class", m.path("class").asText())
                    .add("Service", m.path("service").asText(""))
                    .add("State", m.path("state").asText())
                    .add("Leader", m.path("leader").asText())
                    .add("Root", m.path("rootDirectory").asText(""))
                    .add("Addresses", addresses(m))
                    .add("Unit", m.path("unit").asText(""))
                    .add("Since", output.time(m.get("since")))
                    .render());
            return Gantry.EXIT_OK;
        }
    }

    /** The actions without options: POST, then one line saying what was done. */
    abstract static class Action extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the machine (for start: the image) name")
        String name;

        abstract String action();

        @Override
        int run(AgentClient client) {
            JsonNode done = client.post("/machines/" + AgentClient.segment(name) + "/actions/" + action());
            output().print(done, d -> summary(d) + "\n");
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "start", description = "Boot the image NAME (systemd-nspawn@NAME.service); waits until it runs.")
    static final class Start extends Action {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "poweroff", description = "Shut a machine down cleanly (SIGRTMIN+4 to its init).")
    static final class Poweroff extends Action {
        @Override
        String action() {
            return "poweroff";
        }
    }

    @Command(name = "reboot", description = "Reboot a machine (SIGINT to its init).")
    static final class Reboot extends Action {
        @Override
        String action() {
            return "reboot";
        }
    }

    @Command(name = "terminate", description = "Stop a machine at once: machined kills its processes.")
    static final class Terminate extends Action {
        @Override
        String action() {
            return "terminate";
        }
    }

    @Command(name = "kill", description = "Send a signal to a machine's processes.")
    static final class Kill extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the machine's name")
        String name;

        @Option(names = "--signal", paramLabel = "SIGNAL", defaultValue = "TERM",
                description = "a name (TERM, KILL, RTMIN+4, ...) or number; default: ${DEFAULT-VALUE}")
        String signal;

        @Option(names = "--kill-whom", paramLabel = "WHOM", defaultValue = "all",
                description = "all or leader; default: ${DEFAULT-VALUE}")
        String whom;

        @Override
        int run(AgentClient client) {
            JsonNode done = client.post("/machines/" + AgentClient.segment(name) + "/actions/kill",
                    Json.object().put("signal", signal).put("whom", whom));
            output().print(done, d -> summary(d) + "\n");
            return Gantry.EXIT_OK;
        }
    }

    /** One line: "poweroff tiny1: signal 38 to leader", "start tiny1: systemd-nspawn@tiny1.service done". */
    static String summary(JsonNode d) {
        String head = d.path("action").asText() + " " + d.path("machine").asText();
        if (d.hasNonNull("signal")) {
            return head + ": signal " + d.get("signal").asText() + " to " + d.path("whom").asText();
        }
        if (d.hasNonNull("result")) {
            return head + ": " + d.path("unit").asText() + " " + d.get("result").asText();
        }
        return head + (d.hasNonNull("unit") ? ": " + d.get("unit").asText() + " stopping" : "");
    }

    static String addresses(JsonNode m) {
        List<String> all = LoginCommand.texts(m.path("addresses"));
        return all.isEmpty() ? "-" : String.join(",", all);
    }
}
