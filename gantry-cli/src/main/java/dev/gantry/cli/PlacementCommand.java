package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gantry placement}: where gantry-server would put new guests, and each node's score. Changes nothing. */
@Command(name = "placement", description = {"Ask gantry-server which nodes new guests would go to (changes nothing).",
        "One row per guest, in order: each pick counts before the next, so --count spreads over nodes.",
        "As root on the server host no options are needed; elsewhere give --url and an admin token in $GANTRY_TOKEN."})
final class PlacementCommand extends ServerCommand {
    @Option(names = "--cpu", required = true, paramLabel = "N", description = "vCPUs per guest")
    int cpu;

    @Option(names = "--memory", required = true, paramLabel = "SIZE", converter = ByteSizes.Converter.class,
            description = "memory per guest: bytes, or e.g. 512M, 16G")
    long memory;

    @Option(names = "--disk", paramLabel = "SIZE", converter = ByteSizes.Converter.class,
            description = "disk per guest: bytes, or e.g. 32G (default: 0)")
    long disk;

    @Option(names = "--count", paramLabel = "N", description = "how many guests (default: 1)")
    int count = 1;

    @Option(names = "--group", paramLabel = "GROUP", description = "only clusters in this group")
    String group;

    @Override
    int run(AgentClient client) {
        ObjectNode body = Json.object().put("cpu", cpu).put("memory", memory).put("disk", disk).put("count", count);
        if (group != null) {
            body.put("group", group);
        }
        Output output = output();
        output.print(client.post("/placement", body), answer -> {
            Table table = Table.columns("#", "CLUSTER", "NODE", "SCORE", "CPU ALLOC", "MEM ALLOC", "DISK ALLOC",
                    "MEM USE", "LOAD/CPU");
            int i = 1;
            for (JsonNode c : answer.path("choices")) {
                JsonNode in = c.path("inputs");
                table.row(String.valueOf(i++), c.path("cluster").asText(), c.path("node").asText(),
                        String.format(Locale.ROOT, "%.4f", c.path("score").asDouble()),
                        percent(in.path("cpuAllocation")), percent(in.path("memoryAllocation")),
                        percent(in.path("diskAllocation")), percent(in.path("memoryUsage")),
                        String.format(Locale.ROOT, "%.2f", in.path("loadPerCpu").asDouble()));
            }
            return table.render() + "snapshot " + answer.path("snapshot").asLong() + ", "
                    + answer.path("candidates").asInt() + " candidate nodes\n";
        });
        return Gantry.EXIT_OK;
    }

    private static String percent(JsonNode ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio.asDouble() * 100);
    }
}
