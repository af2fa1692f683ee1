package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry instance}: power of the fleet's guests (Proxmox VMs and containers, gantry machines),
 * named by the gantryId the inventory gives them. Talks to gantry-server as {@code gantry admin} does.
 */
@Command(name = "instance", description = {"Power actions and live status of inventory guests, by gantryId (gantry-server).",
        "As root on the server host no options are needed; elsewhere give --url and an admin token in $GANTRY_TOKEN."},
        subcommands = {InstanceCommand.Start.class, InstanceCommand.Stop.class, InstanceCommand.Shutdown.class,
                InstanceCommand.Reset.class, InstanceCommand.Reboot.class, InstanceCommand.Suspend.class,
                InstanceCommand.Resume.class, InstanceCommand.Status.class})
final class InstanceCommand {
    private InstanceCommand() {
    }

    /** One action: queued as a job on the server, shown, or followed to its end with --wait. */
    abstract static class Action extends ServerCommand {
        @Parameters(paramLabel = "GANTRYID", description = "the guest's gantryId (gantry inventory instances)")
        String gantryId;

        @Option(names = "--wait", description = "follow the job until the provider's task ended; exit 1 if it failed")
        boolean await;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "with --wait: stop waiting after this long, e.g. 90s, 5m (default: no limit); the job goes on")
        Duration timeout;

        @Override
        final int run(AgentClient client) throws InterruptedException {
            String action = spec.name();
            JsonNode job = client.post("/instances/" + AgentClient.segment(gantryId) + "/actions/" + action);
            if (await) {
                return ServerJobs.follow(this, client, job.path("id").asText(), timeout);
            }
            Output output = output();
            output.print(job, j -> ServerJobs.details(j, output));
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "start", description = "Start a stopped guest.")
    static final class Start extends Action {
    }

    @Command(name = "stop", description = "Stop a guest at once (power off).")
    static final class Stop extends Action {
    }

    @Command(name = "shutdown", description = "Shut a guest down cleanly (ACPI, or the container's init).")
    static final class Shutdown extends Action {
    }

    @Command(name = "reset", description = "Reset a VM (not for containers).")
    static final class Reset extends Action {
    }

    @Command(name = "reboot", description = "Reboot a running guest cleanly.")
    static final class Reboot extends Action {
    }

    @Command(name = "suspend", description = "Suspend a running guest (a container is checkpointed and stops).")
    static final class Suspend extends Action {
    }

    @Command(name = "resume", description = "Resume a suspended guest.")
    static final class Resume extends Action {
    }

    @Command(name = "status", description = "A guest's live power state, asked of its provider now.")
    static final class Status extends ServerCommand {
        @Parameters(paramLabel = "GANTRYID", description = "the guest's gantryId")
        String gantryId;

        @Override
        int run(AgentClient client) {
            Output output = output();
            output.print(client.get("/instances/" + AgentClient.segment(gantryId) + "/status"), s -> Table.details()
                    .add("gantryId", s.path("gantryId").asText())
                    .add("Name", s.path("name").asText())
                    .add("Where", s.path("cluster").asText() + "/" + s.path("node").asText()
                            + (s.hasNonNull("vmid") ? " " + s.path("type").asText() + " " + s.path("vmid").asInt() : ""))
                    .add("Status", s.path("status").asText()
                            + (s.hasNonNull("qmpStatus") ? " (qmp " + s.path("qmpStatus").asText() + ")" : ""))
                    .add("Uptime", Durations.format(Duration.ofSeconds(s.path("uptimeSeconds").asLong())))
                    .render());
            return Gantry.EXIT_OK;
        }
    }
}
