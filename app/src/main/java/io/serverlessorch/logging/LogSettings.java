package io.serverlessorch.logging;

import org.slf4j.event.Level;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What is written and how: the line format, and the lowest level each logger writes. Read from the
 * environment once, when SLF4J starts ({@link #fromEnvironment}); {@link #from} takes the same inputs as
 * maps, so tests need no environment variables.
 *
 * <ul>
 *   <li>Format: {@code -Dorch.log.format=json|text}, else JSON in Lambda ({@code AWS_LAMBDA_FUNCTION_NAME} is
 *       set), else text.</li>
 *   <li>Level: {@code AWS_LAMBDA_LOG_LEVEL} (Lambda sets it from the function's application log level), else
 *       {@code -Dorch.log.level}, else {@code ORCH_LOG_LEVEL}, else INFO.</li>
 *   <li>Per logger: {@link #QUIET_LIBRARIES}, and {@code -Dorch.log.level.<logger name prefix>=LEVEL}; the
 *       longest prefix that matches whole segments of a logger's name wins.</li>
 * </ul>
 */
final class LogSettings {

    enum Format { JSON, TEXT }

    static final String FORMAT_PROPERTY = "orch.log.format";
    static final String LEVEL_PROPERTY = "orch.log.level";
    static final String LEVEL_ENV = "ORCH_LOG_LEVEL";
    static final String LAMBDA_LEVEL_ENV = "AWS_LAMBDA_LOG_LEVEL";
    static final String LAMBDA_FUNCTION_ENV = "AWS_LAMBDA_FUNCTION_NAME";
    private static final String LOGGER_LEVEL_PREFIX = LEVEL_PROPERTY + ".";

    /** Above every level: the logger writes nothing. */
    static final int OFF = Integer.MAX_VALUE;

    /**
     * Libraries whose INFO lines tell a reader of our logs nothing, in one place. They only ever make a
     * library quieter than the general level, never louder (at ERROR they stay at ERROR).
     */
    static final Map<String, Level> QUIET_LIBRARIES = Map.of(
            // The SDK's notes on its own configuration.
            "software.amazon.awssdk", Level.WARN,
            // The local run's HTTP server (and DynamoDB Local's): start-up lines say nothing a person needs.
            "org.eclipse.jetty", Level.WARN,
            // Its warning for a malformed Host header is the client's mistake, already answered with a 400.
            "org.eclipse.jetty.util.HostPort", Level.ERROR);

    private final Format format;
    private final int rootThreshold;
    private final Map<String, Integer> thresholdsByPrefix;

    private LogSettings(Format format, int rootThreshold, Map<String, Integer> thresholdsByPrefix) {
        this.format = format;
        this.rootThreshold = rootThreshold;
        this.thresholdsByPrefix = Map.copyOf(thresholdsByPrefix);
    }

    static LogSettings fromEnvironment() {
        Properties system = System.getProperties();
        Map<String, String> properties = new HashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(LEVEL_PROPERTY) || name.equals(FORMAT_PROPERTY)) {
                properties.put(name, system.getProperty(name));
            }
        }
        return from(System.getenv(), properties);
    }

    /** @param env environment variables; @param properties system properties */
    static LogSettings from(Map<String, String> env, Map<String, String> properties) {
        Integer root = firstLevel(
                LAMBDA_LEVEL_ENV, env.get(LAMBDA_LEVEL_ENV),
                LEVEL_PROPERTY, properties.get(LEVEL_PROPERTY),
                LEVEL_ENV, env.get(LEVEL_ENV));
        int rootThreshold = root == null ? Level.INFO.toInt() : root;

        Map<String, Integer> byPrefix = new HashMap<>();
        QUIET_LIBRARIES.forEach((prefix, level) -> byPrefix.put(prefix, Math.max(rootThreshold, level.toInt())));
        properties.forEach((name, value) -> {
            if (name.startsWith(LOGGER_LEVEL_PREFIX) && name.length() > LOGGER_LEVEL_PREFIX.length()) {
                Integer level = parseLevel(name, value);
                if (level != null) {
                    byPrefix.put(name.substring(LOGGER_LEVEL_PREFIX.length()), level);
                }
            }
        });
        return new LogSettings(format(env, properties), rootThreshold, byPrefix);
    }

    private static Format format(Map<String, String> env, Map<String, String> properties) {
        String forced = properties.get(FORMAT_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            switch (forced.trim().toLowerCase(Locale.ROOT)) {
                case "json":
                    return Format.JSON;
                case "text":
                    return Format.TEXT;
                default:
                    complain(FORMAT_PROPERTY + "=" + forced + " is neither json nor text; ignored");
            }
        }
        String function = env.get(LAMBDA_FUNCTION_ENV);
        return function != null && !function.isBlank() ? Format.JSON : Format.TEXT;
    }

    Format format() {
        return format;
    }

    /** The lowest level, as {@link Level#toInt()}, that the named logger writes; {@link #OFF} for none. */
    int thresholdFor(String loggerName) {
        String name = loggerName;
        while (true) {
            Integer threshold = thresholdsByPrefix.get(name);
            if (threshold != null) {
                return threshold;
            }
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return rootThreshold;
            }
            name = name.substring(0, dot);
        }
    }

    /** The first of (source, value) pairs that names a level. */
    private static Integer firstLevel(String... sourcesAndValues) {
        for (int i = 0; i < sourcesAndValues.length; i += 2) {
            Integer level = parseLevel(sourcesAndValues[i], sourcesAndValues[i + 1]);
            if (level != null) {
                return level;
            }
        }
        return null;
    }

    /** Lambda's level names (which add FATAL) and OFF; null for none, with a word on standard error if unknown. */
    private static Integer parseLevel(String source, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE":
                return Level.TRACE.toInt();
            case "DEBUG":
                return Level.DEBUG.toInt();
            case "INFO":
                return Level.INFO.toInt();
            case "WARN":
            case "WARNING":
                return Level.WARN.toInt();
            case "ERROR":
            case "FATAL":
                // SLF4J has nothing above ERROR; Lambda drops our ERROR lines itself when its level is FATAL.
                return Level.ERROR.toInt();
            case "OFF":
                return OFF;
            default:
                complain(source + "=" + value + " is no log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); ignored");
                return null;
        }
    }

    /** Logging cannot log its own configuration mistakes; they go to standard error, once, at start-up. */
    private static void complain(String message) {
        System.err.println("[logging] " + message);
    }
}
