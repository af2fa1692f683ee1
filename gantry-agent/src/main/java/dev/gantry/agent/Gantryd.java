package dev.gantry.agent;

import dev.gantry.agent.events.NetworkEventBroker;
import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.common.log.Logging;
import dev.gantry.common.program.Daemon;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gantryd}: reads its configuration, starts the agent, and runs until SIGTERM. Exit codes: 0
 * stopped cleanly, 2 bad command line, 78 bad configuration (EX_CONFIG), 1 anything else at start.
 */
public final class Gantryd {
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;
    static final int EXIT_START = 1;
    private static final String USAGE = """
            Usage: gantryd [--config FILE] [--state-dir DIR] [--socket PATH] [--check-config] [--version]
              --config FILE    configuration (default /etc/gantry/gantryd.toml; absent file = all defaults)
              --state-dir DIR  tokens and jobs (default /var/lib/gantry, or $STATE_DIRECTORY under systemd)
              --socket PATH    Unix socket (default /run/gantry/gantryd.sock)
              --only MODULES   serve only these modules (comma-separated, e.g. events) and agent, tokens, jobs
              --check-config   validate the configuration and exit
              --aot-train      the training run for the AOT cache (the package's post-install script runs it)
            """;

    private Gantryd() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /** Runs gantryd; returns only when startup failed, or at once with {@code --check-config}/{@code --version}. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean block) {
        long startNanos = System.nanoTime();
        Path configFile = AgentConfig.DEFAULT_FILE;
        String stateEnv = System.getenv("STATE_DIRECTORY");
        Path stateDir = Daemon.stateDirectory(stateEnv, Path.of("/var/lib/gantry"));
        Path socket = AgentConfig.DEFAULT_SOCKET;
        boolean checkOnly = false;
        java.util.Set<String> only = java.util.Set.of();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--version" -> {
                    out.println("gantryd " + Version.current());
                    return 0;
                }
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--check-config" -> checkOnly = true;
                case "--aot-train" -> {
                    try {
                        Logging.configure("warning");
                        return AotTraining.run();
                    } catch (Exception e) {
                        err.println("gantryd: AOT training failed: " + Daemon.describe(e));
                        return EXIT_START;
                    }
                }
                case "--only" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        err.println("gantryd: --only needs module names, e.g. --only events\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    only = java.util.Set.of(args[++i].split(","));
                    java.util.List<String> unknown = only.stream().filter(m -> !Agent.MODULE_NAMES.contains(m))
                            .sorted().toList();
                    if (!unknown.isEmpty()) {
                        err.println("gantryd: --only: unknown module " + String.join(", ", unknown) + "; modules: "
                                + String.join(", ", Agent.MODULE_NAMES));
                        return EXIT_USAGE;
                    }
                }
                case "--config", "--state-dir", "--socket" -> {
                    if (i + 1 >= args.length) {
                        err.println("gantryd: " + arg + " needs a value\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    Path value = Path.of(args[++i]);
                    if (arg.equals("--config")) {
                        configFile = value;
                    } else if (arg.equals("--state-dir")) {
                        stateDir = value;
                    } else {
                        socket = value;
                    }
                }
                default -> {
                    err.println("gantryd: unknown option " + arg + "\n" + USAGE);
                    return EXIT_USAGE;
                }
            }
        }
        AgentConfig config;
        try {
            config = AgentConfig.read(TomlConfig.load(configFile), socket);
        } catch (ConfigException e) {
            Daemon.printConfigErrors(err, "gantryd", e);
            return EXIT_CONFIG;
        }
        if (checkOnly) {
            out.println(configFile + ": ok");
            return 0;
        }
        Logging.configure(config.logLevel());
        Logger log = LoggerFactory.getLogger(Gantryd.class);
        if (!config.useAuthentication()) {
            log.warn("UseAuthentication=false: every caller on every listener has full rights");
        }
        if (!Files.exists(configFile)) {
            log.info("{} not found; using defaults", configFile);
        }
        Agent agent;
        try {
            agent = Agent.start(config, stateDir, Clock.systemUTC(), only, NetworkEventBroker.SCRIPTS);
        } catch (Exception e) {
            err.println("gantryd: cannot start: " + Daemon.describe(e));
            log.debug("start failed", e);
            return EXIT_START;
        }
        log.info("gantryd {} ready in {} ms on {}", Version.current(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                agent.listeners().stream().map(l -> l.kind() + " " + l.address()
                        + (l.tls() ? (l.clientCertificates() ? " (TLS, client certificates)" : " (TLS)") : ""))
                        .collect(java.util.stream.Collectors.joining(", ")));
        return Daemon.runUntilStopped("gantryd", agent, block, log);
    }

}
