package io.serverlessorch.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J binding, found by SLF4J through
 * {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}. In Lambda it writes JSON lines with the keys
 * of Lambda's own, which Lambda filters by level and CloudWatch Logs Insights reads as fields; on a
 * developer's machine, one readable line an entry. See {@link LogSettings} for the switches, and
 * {@link LogContext} for the request id.
 *
 * <p>Our own rather than Log4j 2 or Logback: a few small classes instead of megabytes in the deployment jar
 * and their start-up in every cold start.
 */
public final class OrchLoggingProvider implements SLF4JServiceProvider {

    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    /**
     * No lines show the MDC, so nothing is kept in it (as with slf4j-simple before). The request id is in
     * {@link LogContext} instead: the MDC is per thread, and an invocation's work runs on several.
     */
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();
    private OrchLoggerFactory loggerFactory;

    @Override
    public void initialize() {
        loggerFactory = new OrchLoggerFactory(LogSettings.fromEnvironment(), () -> System.out, () -> System.err);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99"; // any 2.0.x API
    }
}
