package dev.gantry.server;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.common.log.Logging;
import dev.gantry.common.program.Daemon;
import dev.gantry.server.keys.KeyException;
import dev.gantry.server.keys.KeysCommand;
import dev.gantry.server.resources.ResourceScaffold;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gantry-server}: reads its configuration, opens (or starts) its database, migrates it, and
 * serves the API until SIGTERM. Exit codes: 0 stopped cleanly, 2 bad command line, 78 bad
 * configuration or a missing or wrong master key (EX_CONFIG), 1 anything else at start.
 */
public final class GantryServer {
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;
    static final int EXIT_START = 1;
    private static final String USAGE = """
            Usage: gantry-server [--config FILE] [--state-dir DIR] [--check-config] [--version]
                   gantry-server scaffold resource NAME [--dir SOURCE_TREE]
                   gantry-server keys rotate [--config FILE] [--state-dir DIR] [--to file|passphrase]
              --config FILE    configuration (default /etc/gantry/server.toml; absent file = all defaults)
              --state-dir DIR  embedded PostgreSQL data, admin token file, master key file (default
                               /var/lib/gantry-server, or $STATE_DIRECTORY under systemd)
              --check-config   validate the configuration and exit
            """;

    private GantryServer() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /** Runs the server; returns only when startup failed, or at once with {@code --check-config}/{@code --version}. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean block) {
        long startNanos = System.nanoTime();
        Path configFile = ServerConfig.DEFAULT_FILE;
        String stateEnv = System.getenv("STATE_DIRECTORY");
        Path stateDir = Daemon.stateDirectory(stateEnv, ServerConfig.DEFAULT_STATE_DIR);
        boolean checkOnly = false;
        if (args.length > 0 && args[0].equals("scaffold")) {
            return ResourceScaffold.run(java.util.List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("keys")) {
            return KeysCommand.run(java.util.List.of(args).subList(1, args.length), out, err, System.getenv(),
                    java.util.Optional.ofNullable(System.console()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--version" -> {
                    out.println("gantry-server " + Version.current());
                    return 0;
                }
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--check-config" -> checkOnly = true;
                case "--config", "--state-dir" -> {
                    if (i + 1 >= args.length) {
                        err.println("gantry-server: " + arg + " needs a value\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    Path value = Path.of(args[++i]);
                    if (arg.equals("--config")) {
                        configFile = value;
                    } else {
                        stateDir = value;
                    }
                }
                default -> {
                    err.println("gantry-server: unknown option " + arg + "\n" + USAGE);
                    return EXIT_USAGE;
                }
            }
        }
        ServerConfig config;
        try {
            config = ServerConfig.read(TomlConfig.load(configFile));
        } catch (ConfigException e) {
            Daemon.printConfigErrors(err, "gantry-server", e);
            return EXIT_CONFIG;
        }
        if (checkOnly) {
            out.println(configFile + ": ok");
            return 0;
        }
        Logging.configure(config.logLevel());
        Logger log = LoggerFactory.getLogger(GantryServer.class);
        if (!Files.exists(configFile)) {
            log.info("{} not found; using defaults", configFile);
        }
        Server server;
        try {
            server = Server.start(config, stateDir, Clock.systemUTC());
        } catch (KeyException e) {
            err.println("gantry-server: cannot start: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            err.println("gantry-server: cannot start: " + Daemon.describe(e));
            log.debug("start failed", e);
            return EXIT_START;
        }
        log.info("gantry-server {} ready in {} ms on {} ({} database); admin token in {}", Version.current(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), server.url(),
                server.database().embedded() ? "embedded" : "external", server.adminFile());
        return Daemon.runUntilStopped("gantry-server", server, block, log);
    }

}
