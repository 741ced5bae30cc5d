package io.serverlessorch.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A named logger. SLF4J's {@link LegacyAbstractLogger} asks {@code isXxxEnabled()} before anything else, so a
 * level below the threshold costs one field read: no message is formatted, no argument's toString() runs.
 */
final class OrchLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient OrchLoggerFactory factory;
    /** The lowest level written, as {@link Level#toInt()}; volatile so {@link OrchLoggerFactory#apply} reaches every thread. */
    private volatile int threshold;

    OrchLogger(String name, OrchLoggerFactory factory, int threshold) {
        this.name = name;
        this.factory = factory;
        this.threshold = threshold;
    }

    void threshold(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null; // no caller location is written
    }

    /** Reached only for an enabled level; the throwable, if any, is already separated from the arguments. */
    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        factory.write(level, name, String.valueOf(MessageFormatter.basicArrayFormat(pattern, arguments)), throwable);
    }
}
