package io.serverlessorch.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** Makes the loggers and writes their lines, in the format the {@link LogSettings} say. */
final class OrchLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, OrchLogger> loggers = new ConcurrentHashMap<>();
    /** Looked up for every line, not kept: whoever replaces System.out (a test, a tee) sees what follows. */
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    private volatile LogSettings settings;

    OrchLoggerFactory(LogSettings settings, Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    @Override
    public Logger getLogger(String name) {
        OrchLogger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        synchronized (this) { // not while apply() changes the settings under the loggers already made
            return loggers.computeIfAbsent(name, n -> new OrchLogger(n, this, settings.thresholdFor(n)));
        }
    }

    LogSettings settings() {
        return settings;
    }

    /** Other settings, for the loggers made so far and those to come; for tests (the format) only. */
    synchronized void apply(LogSettings newSettings) {
        settings = newSettings;
        loggers.values().forEach(logger -> logger.threshold(newSettings.thresholdFor(logger.getName())));
    }

    /**
     * JSON lines all go to standard output, where Lambda reads them. Text lines of WARN and ERROR go to standard
     * error: they stay apart from the progress, still show when a script filters standard output (bench.sh drops
     * the metric documents there), and are what the local run's tests watch for stack traces.
     */
    void write(Level level, String loggerName, String message, Throwable throwable) {
        Instant now = Instant.now();
        if (settings.format() == LogSettings.Format.JSON) {
            print(out.get(), LogLines.json(now, level, loggerName, message, LogContext.requestId(), throwable));
        } else {
            print(level.toInt() >= Level.WARN.toInt() ? err.get() : out.get(), LogLines.text(now, level, loggerName, message, throwable));
        }
    }

    /** One entry in one write, flushed: lines from several threads never interleave, and none waits in a buffer. */
    private static void print(PrintStream stream, String entry) {
        synchronized (stream) {
            stream.print(entry);
            stream.flush();
        }
    }
}
