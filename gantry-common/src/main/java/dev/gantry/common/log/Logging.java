package dev.gantry.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Logs to stderr, where the journal picks them up; no timestamps when running under systemd (the
 * journal adds its own). Levels use the seed's names: trace, debug, info, warning, error.
 */
public final class Logging {
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warning", "error");
    private static final Map<String, Level> MAP = Map.of("trace", Level.TRACE, "debug", Level.DEBUG,
            "info", Level.INFO, "warning", Level.WARN, "error", Level.ERROR);

    private Logging() {
    }

    public static void configure(String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        boolean journal = System.getenv("JOURNAL_STREAM") != null;
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern((journal ? "" : "%d{HH:mm:ss.SSS} ") + "%-5level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(MAP.getOrDefault(level, Level.INFO));
        // Jetty's own debug output is rarely what an admin wants at "debug"; keep it at info unless tracing.
        context.getLogger("org.eclipse.jetty").setLevel(level.equals("trace") ? Level.DEBUG : Level.INFO);
    }
}
