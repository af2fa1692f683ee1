package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gantry pkg}: the host's packages through the agent (apt, dnf or tdnf, whichever the host has).
 * Changes run as jobs on the agent; the command follows the job with a progress bar, as
 * {@code gantry jobs wait} does, unless {@code --no-wait} is given.
 */
@Command(name = "pkg", description = "Packages: list, show, search, install, remove and update them.",
        subcommands = {PackagesCommand.ListPackages.class, PackagesCommand.Info.class, PackagesCommand.Search.class,
                PackagesCommand.Install.class, PackagesCommand.Remove.class, PackagesCommand.Update.class,
                PackagesCommand.Updates.class, PackagesCommand.Download.class, PackagesCommand.Clean.class,
                PackagesCommand.Refresh.class, PackagesCommand.Repos.class, PackagesCommand.History.class})
final class PackagesCommand {
    private PackagesCommand() {
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    @Command(name = "list", description = "List installed packages (or --available, --upgradable ones).")
    static final class ListPackages extends ApiCommand {
        static final class Scope {
            @Option(names = "--available", description = "packages the repositories offer that are not installed")
            boolean available;

            @Option(names = "--upgradable", description = "installed packages with a newer version available")
            boolean upgradable;
        }

        @ArgGroup(exclusive = true)
        Scope scope;

        @Option(names = "--name", paramLabel = "TEXT", description = "only packages whose name contains TEXT")
        String name;

        @Override
        int run(AgentClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            if (scope != null) {
                query.put("scope", scope.available ? "available" : "upgradable");
            }
            if (name != null) {
                query.put("name", name);
            }
            output().print(client.get("/packages", query, 0), packages -> {
                Table table = Table.columns("NAME", "VERSION", "ARCH", "STATUS", "REPOSITORY");
                for (JsonNode p : packages) {
                    table.row(text(p, "name"), text(p, "version"), text(p, "architecture"), text(p, "status"),
                            text(p, "repository"));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "info", description = "Show a package: installed and candidate version, size, depends.")
    static final class Info extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "the package")
        String name;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/packages/" + AgentClient.segment(name)), p -> {
                List<String> depends = new ArrayList<>();
                p.path("depends").forEach(d -> depends.add(d.asText()));
                Table table = Table.details()
                        .add("Name", text(p, "name"))
                        .add("Architecture", text(p, "architecture"))
                        .add("Installed", text(p, "installedVersion"))
                        .add("Candidate", text(p, "candidateVersion"))
                        .add("Installed size", size(p.get("installedSize")))
                        .add("Download size", size(p.get("downloadSize")))
                        .add("Repository", text(p, "repository"))
                        .add("Summary", text(p, "summary"))
                        .add("Homepage", text(p, "homepage"))
                        .add("License", text(p, "license"))
                        .add("Depends", depends.isEmpty() ? "-" : String.join(", ", depends));
                return table.render();
            });
            return Gantry.EXIT_OK;
        }

        static String size(JsonNode bytes) {
            if (bytes == null || bytes.isNull()) {
                return "-";
            }
            long n = bytes.asLong();
            if (n < 1024) {
                return n + " B";
            }
            String[] units = {"KiB", "MiB", "GiB", "TiB"};
            double v = n;
            int u = -1;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
        }
    }

    @Command(name = "search", description = "Search packages by name and summary.")
    static final class Search extends ApiCommand {
        @Parameters(paramLabel = "TEXT", description = "what to look for")
        String query;

        @Override
        int run(AgentClient client) {
            output().print(client.get("/packages/search", Map.of("q", query), 0), packages -> {
                Table table = Table.columns("NAME", "SUMMARY");
                for (JsonNode p : packages) {
                    table.row(text(p, "name"), text(p, "summary"));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    /** A change: posts its body, then follows the job unless told not to. */
    abstract static class Change extends ApiCommand {
        @Option(names = "--no-wait", description = "print the job and return at once instead of following it")
        boolean noWait;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "stop following after this long, e.g. 90s, 5m (default: no limit); the job goes on")
        Duration timeout;

        abstract String route();

        /** The request body, or null for none. */
        abstract ObjectNode body();

        @Override
        final int run(AgentClient client) {
            ObjectNode body = body();
            JsonNode job = body == null ? client.post("/packages/" + route()) : client.post("/packages/" + route(), body);
            if (noWait) {
                Output output = output();
                output.print(job, j -> JobsCommand.details(j, output));
                return Gantry.EXIT_OK;
            }
            return JobsCommand.follow(this, client, job.path("id").asText(), timeout);
        }

        static ArrayNode names(List<String> packages) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            packages.forEach(array::add);
            return array;
        }
    }

    @Command(name = "install", description = "Install packages and follow the job.")
    static final class Install extends Change {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the packages")
        List<String> packages;

        @Override
        String route() {
            return "install";
        }

        @Override
        ObjectNode body() {
            ObjectNode body = Json.object();
            body.set("packages", names(packages));
            return body;
        }
    }

    @Command(name = "remove", description = "Remove packages (--purge: their configuration too) and follow the job.")
    static final class Remove extends Change {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the packages")
        List<String> packages;

        @Option(names = "--purge", description = "remove their configuration files too (apt)")
        boolean purge;

        @Override
        String route() {
            return "remove";
        }

        @Override
        ObjectNode body() {
            ObjectNode body = Json.object();
            body.set("packages", names(packages));
            if (purge) {
                body.put("purge", true);
            }
            return body;
        }
    }

    @Command(name = "update", description = "Update the named packages, or all without names, and follow the job.")
    static final class Update extends Change {
        @Parameters(paramLabel = "NAME", arity = "0..*", description = "the packages (default: all)")
        List<String> packages;

        @Override
        String route() {
            return "update";
        }

        @Override
        ObjectNode body() {
            ObjectNode body = Json.object();
            body.set("packages", names(packages == null ? List.of() : packages));
            return body;
        }
    }

    @Command(name = "download", description = "Download package files into a directory of the host and follow the job.")
    static final class Download extends Change {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "the packages")
        List<String> packages;

        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "absolute path of an existing directory on the agent's host")
        String directory;

        @Override
        String route() {
            return "download";
        }

        @Override
        ObjectNode body() {
            ObjectNode body = Json.object();
            body.set("packages", names(packages));
            body.put("directory", directory);
            return body;
        }
    }

    @Command(name = "clean", description = "Clean the package cache and follow the job.")
    static final class Clean extends Change {
        @Override
        String route() {
            return "clean";
        }

        @Override
        ObjectNode body() {
            return null;
        }
    }

    @Command(name = "refresh", description = "Refresh the repositories' metadata (apt-get update, makecache) and follow the job.")
    static final class Refresh extends Change {
        @Override
        String route() {
            return "refresh";
        }

        @Override
        ObjectNode body() {
            return null;
        }
    }

    @Command(name = "updates", description = "List available updates of installed packages.")
    static final class Updates extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/packages/updates"), updates -> {
                Table table = Table.columns("NAME", "ARCH", "INSTALLED", "AVAILABLE", "REPOSITORY");
                for (JsonNode u : updates) {
                    table.row(text(u, "name"), text(u, "architecture"), text(u, "currentVersion"),
                            text(u, "newVersion"), text(u, "repository"));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }

    @Command(name = "repos", description = {"List package repositories;",
            "--enable ID or --disable ID changes one (dnf only)."})
    static final class Repos extends ApiCommand {
        static final class Toggle {
            @Option(names = "--enable", paramLabel = "ID", description = "enable this repository")
            String enable;

            @Option(names = "--disable", paramLabel = "ID", description = "disable this repository")
            String disable;
        }

        @ArgGroup(exclusive = true)
        Toggle toggle;

        @Override
        int run(AgentClient client) {
            Output output = output();
            if (toggle != null) {
                String id = toggle.enable != null ? toggle.enable : toggle.disable;
                ObjectNode body = Json.object().put("enabled", toggle.enable != null);
                output.print(client.patch("/packages/repositories/" + AgentClient.segment(id), body),
                        r -> table(JsonNodeFactory.instance.arrayNode().add(r)));
                return Gantry.EXIT_OK;
            }
            output.print(client.get("/packages/repositories"), Repos::table);
            return Gantry.EXIT_OK;
        }

        private static String table(JsonNode repositories) {
            Table table = Table.columns("ID", "NAME", "ENABLED", "URL");
            for (JsonNode r : repositories) {
                table.row(text(r, "id"), text(r, "name"), r.path("enabled").asBoolean() ? "yes" : "no", text(r, "url"));
            }
            return table.render();
        }
    }

    @Command(name = "history", description = "List past package transactions, newest first.")
    static final class History extends ApiCommand {
        @Override
        int run(AgentClient client) {
            output().print(client.get("/packages/history"), entries -> {
                Table table = Table.columns("ID", "START", "COMMAND", "CHANGES");
                for (JsonNode e : entries) {
                    List<String> changes = new ArrayList<>();
                    for (JsonNode c : e.path("changes")) {
                        String version = c.hasNonNull("version") ? " " + c.get("version").asText() : "";
                        changes.add(c.path("action").asText() + (c.hasNonNull("name") ? " " + c.get("name").asText() : "")
                                + version);
                    }
                    table.row(text(e, "id"), text(e, "start"), text(e, "command"), String.join(", ", changes));
                }
                return table.render();
            });
            return Gantry.EXIT_OK;
        }
    }
}
