package dev.gantry.cli;

import dev.gantry.sim.ClusterSpec;
import dev.gantry.sim.ProxmoxSim;
import dev.gantry.sim.SimCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gantry dev}: stand-ins for what Gantry talks to, for tests and demos; they need no agent. */
@Command(name = "dev", description = "Stand-ins for tests and demos: gantry dev proxmox-sim.",
        subcommands = {DevCommand.ProxmoxSimCommand.class})
final class DevCommand {
    private DevCommand() {
    }

    @Command(name = "proxmox-sim", description = {
            "Serve a simulated Proxmox VE cluster over HTTPS (self-signed certificate) until stopped (Ctrl-C).",
            "Prints its URL, certificate fingerprint, password and API token. The guests, their sizes and which "
                    + "run follow from --seed; see docs/testbed/proxmox-sim.md."})
    static final class ProxmoxSimCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8006",
                description = "TCP port, 0 for any free one (default: 8006, Proxmox's)")
        int port;

        @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "address to listen on (default: 127.0.0.1)")
        String host;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "sim",
                description = "cluster name: letters, digits and dashes (default: sim)")
        String name;

        @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "nodes, pve1..pveN (default: 3)")
        int nodes;

        @Option(names = "--vms-per-node", paramLabel = "M", defaultValue = "10",
                description = "guests (VMs and containers) per node (default: 10)")
        int vmsPerNode;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "what to draw the guests from (default: 1)")
        long seed;

        @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "simulated",
                description = "password of root@pam (default: simulated)")
        String password;

        @Override
        public Integer call() throws Exception {
            ClusterSpec cluster;
            try {
                if (port < 0 || port > 65_535) {
                    throw new IllegalArgumentException("--port must be 0-65535, not " + port);
                }
                cluster = new ClusterSpec(name, nodes, vmsPerNode, seed);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            ProxmoxSim sim;
            try {
                sim = ProxmoxSim.builder().host(host).password(password).cluster(cluster, port).start();
            } catch (IOException e) {
                // Jetty's bind failure (port taken, address not ours): the user's to fix, not a bug of ours.
                PrintWriter err = spec.commandLine().getErr();
                err.println("gantry: cannot listen on " + host + ":" + port + ": " + e.getMessage());
                err.flush();
                return Gantry.EXIT_FAILED;
            }
            try (sim) {
                SimCluster c = sim.cluster(name);
                PrintWriter out = spec.commandLine().getOut();
                out.println(Table.details()
                        .add("Cluster", c.name() + " (" + nodes + " nodes, " + c.guestCount() + " guests, seed " + seed + ")")
                        .add("URL", "https://" + host + ":" + c.port() + "/api2/json")
                        .add("Fingerprint", c.fingerprint())
                        .add("User", c.credentials().user())
                        .add("Password", c.credentials().password())
                        .add("Token", c.credentials().tokenHeader())
                        .render().stripTrailing());
                out.flush();
                // Serves until the process is stopped, or in tests until this thread is interrupted.
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Gantry.EXIT_OK;
        }
    }
}
