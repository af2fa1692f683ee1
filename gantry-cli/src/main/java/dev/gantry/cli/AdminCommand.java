package dev.gantry.cli;

import picocli.CommandLine.Command;

/**
 * {@code gantry admin}: administration of gantry-server. On the server host, as root, it needs no
 * options: the server's URL and a token valid while it runs come from the file the server writes at
 * start ({@code /var/lib/gantry-server/admin.json}). Elsewhere give {@code --url} and an admin
 * token in {@code GANTRY_TOKEN}.
 */
@Command(name = "admin", description = {"Administer gantry-server: tenants, API tokens.",
        "As root on the server host no options are needed (the server's admin file gives URL and token);",
        "elsewhere give --url and an admin token in $GANTRY_TOKEN."},
        subcommands = {AdminTenantCommand.class, AdminTokenCommand.class})
final class AdminCommand {
    private AdminCommand() {
    }
}
