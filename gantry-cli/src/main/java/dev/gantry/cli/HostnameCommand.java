package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code gantry hostname}: the host's names, chassis, deployment and location (systemd-hostnamed). */
@Command(name = "hostname", description = "The host's names, chassis, deployment and location.",
        subcommands = {HostnameCommand.Show.class, HostnameCommand.Set.class})
final class HostnameCommand {
    private HostnameCommand() {
    }

    @Command(name = "show", description = "Show the static, transient and pretty hostnames, chassis, deployment, "
            + "location.")
    static final class Show extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/system/hostname"), HostnameCommand::view);
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "set", description = {"Change hostnames, chassis, deployment or location; show the result.",
            "Only the options given change; an empty value (--pretty '') unsets one. A transient hostname is "
                    + "used only while no static one is set."})
    static final class Set extends ApiCommand {
        @Option(names = "--static", paramLabel = "NAME", description = "the static hostname (/etc/hostname)")
        String staticName;

        @Option(names = "--transient", paramLabel = "NAME", description = "the kernel's hostname until the next boot")
        String transientName;

        @Option(names = "--pretty", paramLabel = "TEXT", description = "a free-form name, e.g. \"Lab server 4\"")
        String pretty;

        @Option(names = "--chassis", paramLabel = "TYPE",
                description = "desktop, laptop, convertible, server, tablet, handset, watch, embedded, vm, container")
        String chassis;

        @Option(names = "--deployment", paramLabel = "NAME", description = "e.g. production, staging")
        String deployment;

        @Option(names = "--location", paramLabel = "TEXT", description = "e.g. \"Berlin, rack 4\"")
        String location;

        @Override
        int run(AgentClient client) {
            ObjectNode body = Json.object();
            putIfGiven(body, "static", staticName);
            putIfGiven(body, "transient", transientName);
            putIfGiven(body, "pretty", pretty);
            putIfGiven(body, "chassis", chassis);
            putIfGiven(body, "deployment", deployment);
            putIfGiven(body, "location", location);
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "give at least one of --static, --transient, --pretty, --chassis, --deployment, --location");
            }
            output().print(client.put("/system/hostname", body), HostnameCommand::view);
            return Gantry.EXIT_OK;
        }
    }

    static void putIfGiven(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    static String view(JsonNode names) {
        String hardware = (names.path("hardwareVendor").asText("") + " " + names.path("hardwareModel").asText(""))
                .strip();
        return Table.details()
                .add("Static hostname", names.path("static").asText(""))
                .add("Transient hostname", names.path("transient").asText(""))
                .add("Pretty hostname", names.path("pretty").asText(""))
                .add("Chassis", names.path("chassis").asText(""))
                .add("Deployment", names.path("deployment").asText(""))
                .add("Location", names.path("location").asText(""))
                .add("Icon name", names.path("iconName").asText(""))
                .add("Hardware", hardware)
                .render();
    }
}
