package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code gantry system}: the host at a glance. */
@Command(name = "system", description = "Show the host: OS, kernel, hostname, uptime, ids, virtualization, time, "
        + "systemd state.")
final class SystemCommand extends ApiCommand {
    @Override
    int run(AgentClient client) {
        Output output = output();
        output.print(client.get("/system"), info -> view(info, output));
        return Gantry.EXIT_OK;
    }

    static String view(JsonNode info, Output output) {
        JsonNode os = info.path("os");
        JsonNode kernel = info.path("kernel");
        JsonNode time = info.path("time");
        JsonNode systemd = info.path("systemd");
        return Table.details()
                .add("Hostname", info.path("hostname").asText())
                .add("Operating system", os.path("prettyName").asText(os.path("name").asText()))
                .add("Kernel", String.join(" ", kernel.path("name").asText(), kernel.path("release").asText(),
                        kernel.path("machine").asText()).strip())
                .add("Virtualization", info.path("virtualization").asText())
                .add("Machine ID", info.path("machineId").asText())
                .add("Boot ID", info.path("bootId").asText())
                .add("Booted", output.time(info.get("bootedAt")))
                .add("Uptime", Durations.format(Duration.ofSeconds(info.path("uptime").asLong())))
                .add("Time", output.time(time.get("now")))
                .add("Time zone", time.path("timezone").asText())
                .add("systemd", systemd.path("version").asText() + " (" + systemd.path("state").asText() + ")")
                .render();
    }
}
