package dev.gantry.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.helpers.NOP_FallbackServiceProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code gantry}, the command line of the Gantry host agent. It talks to gantryd over the agent's Unix
 * socket by default (the kernel vouches for the caller, no token) or over TCP with {@code --url} and an
 * API token from {@code GANTRY_TOKEN}, over https with a client certificate ({@code --cert}, {@code --key})
 * if the agent demands one.
 *
 * <p>Data goes to stdout, diagnostics to stderr as one {@code gantry: ...} line each; stack traces only
 * with {@code --verbose}. Tables show times in the local zone ({@code TZ}) to the second, as
 * {@code 2026-05-31 14:03:12}; {@code -o json} and {@code -o yaml} show the API's values unchanged (UTC,
 * ISO-8601).
 *
 * <p>Build a command line with {@link #commandLine}; it holds no static state, so tests run commands
 * in-process with their own writers and environment.
 */
@Command(name = "gantry", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Gantry.VersionProvider.class, sortOptions = false,
        description = "Manage this host through its Gantry agent (gantryd).",
        subcommands = {AgentCommand.class, JobsCommand.class, EventsCommand.class, TokenCommand.class,
                ServiceCommand.class, SystemCommand.class, HostnameCommand.class, TimeCommand.class,
                LoginCommand.class, SysctlCommand.class, NetCommand.class, EthtoolCommand.class, UserCommand.class, GroupCommand.class, ProcCommand.class,
                FirewallCommand.class, PackagesCommand.class, CompletionCommand.class, LinkCommand.class, DevCommand.class, AdminCommand.class,
                InstanceCommand.class, PlacementCommand.class, ClustersCommand.class, MachineCommand.class,
                InventoryCommand.class},
        footerHeading = "%n",
        footer = "Tables show times in the local zone (TZ); -o json and -o yaml keep the API's UTC times.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:the agent answered with an error, or the job did not succeed",
                "2:wrong usage",
                "3:cannot reach the agent",
                "4:internal error in gantry"})
public final class Gantry implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    /** The agent answered with a problem, or a job failed, was cancelled or did not finish in time. */
    public static final int EXIT_FAILED = 1;
    /** Wrong options or arguments: nothing was sent to the agent. */
    public static final int EXIT_USAGE = 2;
    /** The socket or URL did not answer: missing, refused, timed out, or TLS not trusted. */
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_INTERNAL = 4;

    static final Path DEFAULT_SOCKET = Path.of("/run/gantry/gantryd.sock");
    static final String TOKEN_VARIABLE = "GANTRY_TOKEN";
    static final String CERT_VARIABLE = "GANTRY_CERT";
    static final String KEY_VARIABLE = "GANTRY_KEY";

    @Spec
    private CommandSpec spec;

    // No defaultValue: an unset --socket must be told apart from an explicit one (see connect()).
    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "the agent's Unix socket (default: /run/gantry/gantryd.sock)")
    private Path socket;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "reach the agent over TCP, e.g. https://host:5208; the token comes from $GANTRY_TOKEN")
    private URI url;

    @Option(names = "--insecure", scope = ScopeType.INHERIT,
            description = "with an https --url: accept any certificate (labs only)")
    private boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "with an https --url: trust the CA certificates in this PEM file")
    private Path cacert;

    @Option(names = "--cert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "with an https --url: present this client certificate (PEM chain) to an agent "
                    + "with TLSClientCA; default: $GANTRY_CERT")
    private Path cert;

    @Option(names = "--key", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the private key of --cert (PKCS#8 PEM: BEGIN PRIVATE KEY); default: $GANTRY_KEY")
    private Path key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            converter = Choices.OutputFormat.class,
            description = "table, json or yaml (default: table)")
    private Output.Format output = Output.Format.TABLE;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log each request and show stack traces on errors")
    private boolean verbose;

    private final Map<String, String> env;
    private final Clock clock;
    private final boolean stderrIsTerminal;

    private Gantry(Map<String, String> env, Clock clock, boolean stderrIsTerminal) {
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.stderrIsTerminal = stderrIsTerminal;
    }

    public static void main(String[] args) {
        // The packaged classpath also holds the agent's logback, whose default is DEBUG to stdout: the
        // CLI must never log through SLF4J (Jetty would), whatever else is on the classpath.
        System.setProperty("slf4j.provider", NOP_FallbackServiceProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
        // Jetty otherwise starts the platform MBean server (about 150 ms) only to ask whether
        // references are compressed, which they are below a 32 GB heap: 64-byte lines / 4 bytes.
        System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        PrintWriter out = writer(FileDescriptor.out, System.out.charset());
        PrintWriter err = writer(FileDescriptor.err, System.err.charset());
        int code = commandLine(out, err, System.getenv(), Clock.systemUTC(), isTerminal(1), isTerminal(2))
                .execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * A command line writing data to {@code out} and diagnostics to {@code err}, reading variables
     * ({@code GANTRY_TOKEN}, {@code GANTRY_CERT}, {@code GANTRY_KEY}, {@code TZ}) from {@code env} only.
     * stderr counts as no terminal: job progress comes as plain lines, help without colours.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(out, err, env, Clock.systemUTC(), false, false);
    }

    /** As {@link #commandLine(PrintWriter, PrintWriter, Map)}, with the clock and terminals given. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock,
                                   boolean stdoutIsTerminal, boolean stderrIsTerminal) {
        Gantry gantry = new Gantry(env, clock, stderrIsTerminal);
        CommandLine cli = new CommandLine(gantry);
        cli.setOut(out);
        cli.setErr(err);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(
                stdoutIsTerminal && !env.containsKey("NO_COLOR") ? Ansi.AUTO : Ansi.OFF));
        Failures failures = new Failures(() -> gantry.verbose);
        cli.setParameterExceptionHandler(failures::usage);
        cli.setExecutionExceptionHandler(failures::execution);
        return cli;
    }

    /** {@code gantry} alone: the usage, on stderr since no command ran. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** A client for the agent the options name; the caller closes it. */
    AgentClient connect() {
        Consumer<String> trace = verbose ? this::trace : line -> { };
        if (url == null) {
            if (insecure || cacert != null) {
                throw usage("--insecure and --cacert apply to an https --url");
            }
            if (cert != null || key != null) {
                throw usage("--cert and --key apply to an https --url");
            }
            return AgentClient.overUnixSocket(socket == null ? DEFAULT_SOCKET : socket, trace);
        }
        if (socket != null) {
            throw usage("give --socket or --url, not both");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw usage("--url wants http://HOST:PORT or https://HOST:PORT, not " + url);
        }
        if (scheme.equals("http") && (insecure || cacert != null)) {
            throw usage("--insecure and --cacert apply to an https --url");
        }
        if (scheme.equals("http") && (cert != null || key != null)) {
            throw usage("--cert and --key apply to an https --url");
        }
        if (insecure && cacert != null) {
            throw usage("give --insecure or --cacert, not both");
        }
        Optional<KeyStore> trust = cacert == null ? Optional.empty() : Optional.of(trustStore(cacert));
        Optional<KeyStore> identity = scheme.equals("https") ? clientCertificate() : Optional.empty();
        return AgentClient.overTcp(url, variable(TOKEN_VARIABLE), insecure, trust, identity, trace);
    }

    /**
     * A client for gantry-server: with {@code --url}, that URL and {@code $GANTRY_TOKEN} (as for an
     * agent); without, the URL and admin token the server on this host wrote to {@code adminFile},
     * which only root (and the server's user) can read.
     */
    AgentClient connectServer(Path adminFile) {
        if (socket != null) {
            throw usage("--socket names gantryd's socket; gantry admin talks to gantry-server (--url)");
        }
        if (url != null) {
            return connect();
        }
        ServerAdminFile admin = ServerAdminFile.read(adminFile);
        return AgentClient.toLocalServer(admin.url(), admin.token(), verbose ? this::trace : line -> { });
    }

    /**
     * The client certificate for an https --url: from --cert and --key, else from $GANTRY_CERT and
     * $GANTRY_KEY (which, like $GANTRY_TOKEN, other connections ignore); each pair is given whole or not at all.
     */
    private Optional<KeyStore> clientCertificate() {
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw usage("give both --cert and --key, or neither");
            }
            return Optional.of(clientCertificate("--cert", cert, "--key", key));
        }
        Optional<String> certVariable = variable(CERT_VARIABLE);
        Optional<String> keyVariable = variable(KEY_VARIABLE);
        if (certVariable.isEmpty() && keyVariable.isEmpty()) {
            return Optional.empty();
        }
        if (certVariable.isEmpty() || keyVariable.isEmpty()) {
            throw usage("set both " + CERT_VARIABLE + " and " + KEY_VARIABLE + ", or neither");
        }
        return Optional.of(clientCertificate(CERT_VARIABLE, Path.of(certVariable.get()),
                KEY_VARIABLE, Path.of(keyVariable.get())));
    }

    private KeyStore clientCertificate(String certName, Path certFile, String keyName, Path keyFile) {
        try {
            return ClientCertificate.load(certName, certFile, keyName, keyFile);
        } catch (ClientCertificate.Unusable e) {
            throw usage(e.getMessage());
        }
    }

    /** A variable of the environment, stripped; empty when unset or blank. */
    private Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    Output output(PrintWriter out) {
        return new Output(output, out, zone());
    }

    /** Now, for what the agent does not time itself (when an event arrived). */
    Instant now() {
        return clock.instant();
    }

    JobProgress progress(PrintWriter err) {
        boolean bar = stderrIsTerminal && !"dumb".equals(env.get("TERM"));
        return bar ? JobProgress.bar(err) : JobProgress.lines(err);
    }

    /** The zone tables show times in: {@code TZ} as the C library reads it when it names a zone, else the JVM's. */
    private ZoneId zone() {
        String tz = env.get("TZ");
        if (tz != null && !tz.isBlank()) {
            try {
                return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
            } catch (java.time.DateTimeException e) {
                // POSIX rule strings (e.g. CET-1CEST) are not zone ids; the JVM read TZ itself at start.
            }
        }
        return ZoneId.systemDefault();
    }

    private void trace(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("gantry: " + line);
        err.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private KeyStore trustStore(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw usage("--cacert " + file + ": no PEM certificate in it");
            }
            return store;
        } catch (IOException e) {
            throw usage("--cacert " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw usage("--cacert " + file + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    static String version() {
        String v = Gantry.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gantry " + version()};
        }
    }

    private static PrintWriter writer(FileDescriptor fd, Charset charset) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), charset));
    }

    /** Whether a file descriptor of this process is a terminal; Java has no API for stderr. */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
