package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code gantry agent}: the agent itself. */
@Command(name = "agent", description = "The agent itself.", subcommands = AgentCommand.Info.class)
final class AgentCommand {

    @Command(name = "info", description = "Show the agent's version, uptime, modules and listeners.")
    static final class Info extends ApiCommand {
        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/agent"), info -> view(info, output));
            return Gantry.EXIT_OK;
        }

        static String view(JsonNode info, Output output) {
            List<String> modules = new ArrayList<>();
            info.path("modules").forEach(m -> modules.add(m.asText()));
            List<String> listeners = new ArrayList<>();
            for (JsonNode l : info.path("listeners")) {
                String flags = (l.path("tls").asBoolean() ? " tls" : "")
                        + (l.path("clientCertificates").asBoolean() ? " client-certificates" : "");
                listeners.add(l.path("kind").asText() + " " + l.path("address").asText() + flags);
            }
            return Table.details()
                    .add("Version", info.path("version").asText())
                    .add("Started", output.time(info.get("startedAt")))
                    .add("Uptime", Durations.format(Duration.ofSeconds(info.path("uptime").asLong())))
                    .add("Authentication", info.path("authentication").asBoolean() ? "on" : "off")
                    .add("Modules", String.join(", ", modules))
                    .add("Listeners", String.join("\n", listeners))
                    .render();
        }
    }
}
