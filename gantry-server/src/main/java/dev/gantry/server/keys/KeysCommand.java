package dev.gantry.server.keys;

import dev.gantry.common.config.ConfigException;
import dev.gantry.common.config.TomlConfig;
import dev.gantry.common.program.Daemon;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.db.Database;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gantry-server keys rotate}: re-wraps every data key with a new master key, in one transaction
 * ({@link KeyRotation}). Run it with every replica stopped. Exit codes as gantry-server's: 0 done,
 * 2 bad command line, 78 bad configuration or master key, 1 anything else.
 */
public final class KeysCommand {
    /** Where a new passphrase comes from when no --new-passphrase-file is given (before the terminal). */
    public static final String NEW_PASSPHRASE_VARIABLE = "GANTRY_SERVER_NEW_PASSPHRASE";
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;
    static final int EXIT_FAILED = 1;
    static final String USAGE = """
            Usage: gantry-server keys rotate [--config FILE] [--state-dir DIR] [--to file|passphrase]
                                             [--new-passphrase-file FILE]
              Re-wraps every cluster's data key with a new master key, in one transaction. Stop every
              replica first; start them again afterwards.
              --to file          a new random key in [Keys] KeyFile (default: the state directory's master.key)
              --to passphrase    a new passphrase: from --new-passphrase-file, else $GANTRY_SERVER_NEW_PASSPHRASE,
                                 else asked twice on the terminal
              (default: the [Keys] Source in use). The current passphrase comes as at start:
              [Keys] PassphraseFile, else $GANTRY_SERVER_PASSPHRASE, else the terminal.
            """;

    private KeysCommand() {
    }

    /** {@code args} after {@code keys}. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env,
                          Optional<Console> console) {
        if (args.isEmpty() || !args.getFirst().equals("rotate")) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        Path configFile = ServerConfig.DEFAULT_FILE;
        Path stateDir = Daemon.stateDirectory(env.get("STATE_DIRECTORY"), ServerConfig.DEFAULT_STATE_DIR);
        Optional<KeyConfig.Source> to = Optional.empty();
        Optional<Path> newPassphraseFile = Optional.empty();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!List.of("--config", "--state-dir", "--to", "--new-passphrase-file").contains(arg) || i + 1 >= args.size()) {
                err.print("gantry-server keys: " + (i + 1 >= args.size() && arg.startsWith("--") ? arg + " needs a value" : "unknown option " + arg)
                        + "\n" + USAGE);
                return EXIT_USAGE;
            }
            String value = args.get(++i);
            switch (arg) {
                case "--config" -> configFile = Path.of(value);
                case "--state-dir" -> stateDir = Path.of(value);
                case "--new-passphrase-file" -> newPassphraseFile = Optional.of(Path.of(value));
                default -> {
                    if (!value.equals("file") && !value.equals("passphrase")) {
                        err.print("gantry-server keys: --to file or --to passphrase, not " + value + "\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    to = Optional.of(KeyConfig.Source.of(value));
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
        KeyConfig.Source target = to.orElse(config.keys().source());
        if (newPassphraseFile.isPresent() && target != KeyConfig.Source.PASSPHRASE) {
            err.print("gantry-server keys: --new-passphrase-file goes with --to passphrase\n" + USAGE);
            return EXIT_USAGE;
        }
        PassphraseReader current = PassphraseReader.standard(config.keys().passphraseFile(), PassphraseReader.VARIABLE, env, console);
        PassphraseReader next = PassphraseReader.standard(newPassphraseFile, NEW_PASSPHRASE_VARIABLE, env, console);
        try (Database database = Database.open(config.database(), stateDir)) {
            KeyRotation.Result r = KeyRotation.rotate(config.keys(), stateDir, database.jdbi(), Clock.systemUTC(), current, target, next);
            out.println("re-wrapped " + r.dataKeys() + " data keys: master key " + r.oldKeyId() + " -> " + r.newKeyId()
                    + r.keyFile().map(f -> " (key file " + f + ")").orElse(" (passphrase)"));
            if (target != config.keys().source()) {
                out.println("now set [Keys] Source = \"" + target.wire() + "\" in " + configFile + " before the next start"
                        + (target == KeyConfig.Source.PASSPHRASE ? "; the old key file " + config.keys().keyFileIn(stateDir)
                        + " is no longer used: shred it" : ""));
            } else if (target == KeyConfig.Source.FILE) {
                out.println("copy " + r.keyFile().orElseThrow() + " to every replica and to your backup; the old key no longer opens anything");
            }
            return 0;
        } catch (KeyException e) {
            err.println("gantry-server keys: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            err.println("gantry-server keys: " + Daemon.describe(e));
            return EXIT_FAILED;
        }
    }
}
