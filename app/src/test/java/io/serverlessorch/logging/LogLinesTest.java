package io.serverlessorch.logging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.SLF4JServiceProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider on its own: loggers of a fresh factory, their lines captured apart from the test run's. */
class LogLinesTest {

    /** Strict: a line is one JSON object and nothing after it; raw control characters in a string fail. */
    static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final LogSettings JSON_AT_INFO = LogSettings.from(Map.of(), Map.of("orch.log.format", "json"));
    private static final LogSettings TEXT_AT_INFO = LogSettings.from(Map.of(), Map.of("orch.log.format", "text"));

    @AfterEach
    void noInvocationLeftOver() {
        LogContext.invocationEnded();
    }

    @Test
    void slf4jBindsThisProviderAndNoOther() {
        assertInstanceOf(OrchLoggerFactory.class, LoggerFactory.getILoggerFactory());
        List<String> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class).forEach(provider -> providers.add(provider.getClass().getName()));
        assertEquals(List.of(OrchLoggingProvider.class.getName()), providers);
    }

    // ---- JSON, as in Lambda

    @Test
    void aJsonLineHasLambdasKeysAndTheRequestIdOnlyDuringAnInvocation() {
        Captured log = new Captured(JSON_AT_INFO);
        Logger logger = log.logger("io.serverlessorch.pipeline.OrderStreamProcessor");
        LogContext.invocationStarted("8f1c7a52-request");
        logger.info("Order {} moved to {}", "o-1", "VALIDATED");
        LogContext.invocationEnded();
        logger.info("between invocations");

        List<JsonNode> lines = log.jsonLines();
        assertEquals(2, lines.size());
        JsonNode during = lines.get(0);
        assertEquals(List.of("timestamp", "level", "message", "logger", "AWSRequestId"), fieldNames(during));
        String timestamp = during.get("timestamp").asText();
        assertTrue(timestamp.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), timestamp);
        Instant.parse(timestamp);
        assertEquals("INFO", during.get("level").asText());
        assertEquals("Order o-1 moved to VALIDATED", during.get("message").asText());
        assertEquals("io.serverlessorch.pipeline.OrderStreamProcessor", during.get("logger").asText());
        assertEquals("8f1c7a52-request", during.get("AWSRequestId").asText());
        assertEquals(List.of("timestamp", "level", "message", "logger"), fieldNames(lines.get(1)));
    }

    @Test
    void aThrowableGivesErrorTypeErrorMessageAndTheStackTraceAsAnArray() {
        Captured log = new Captured(JSON_AT_INFO);
        IllegalStateException failure = new IllegalStateException("could not save", new IOException("disk full"));
        failure.addSuppressed(new RuntimeException("clean-up failed too"));
        log.logger("io.serverlessorch.invocation.StepDispatcher").error("Step {} failed for order {}", "PAYMENT", "o-1", failure);
        log.logger("io.serverlessorch.invocation.StepDispatcher").warn("No message", new NullPointerException());

        List<JsonNode> lines = log.jsonLines();
        assertEquals(2, lines.size(), "a multi-line stack trace still makes one line");
        JsonNode error = lines.get(0);
        assertEquals("ERROR", error.get("level").asText());
        assertEquals("Step PAYMENT failed for order o-1", error.get("message").asText());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
        assertEquals("could not save", error.get("errorMessage").asText());
        assertTrue(error.get("stackTrace").isArray());
        List<String> trace = new ArrayList<>();
        error.get("stackTrace").forEach(frame -> trace.add(frame.asText()));
        assertTrue(trace.get(0).startsWith("at " + LogLinesTest.class.getName() + ".aThrowableGives"), trace.get(0));
        assertTrue(trace.contains("  Suppressed: java.lang.RuntimeException: clean-up failed too"), trace::toString);
        assertTrue(trace.contains("Caused by: java.io.IOException: disk full"), trace::toString);
        assertTrue(trace.stream().anyMatch(line -> line.matches("\\.\\.\\. \\d+ more")), "frames shared with the enclosing trace are elided");

        JsonNode noMessage = lines.get(1);
        assertEquals("java.lang.NullPointerException", noMessage.get("errorType").asText());
        assertTrue(noMessage.get("errorMessage").isNull());
        assertEquals("", log.err(), "JSON lines all go to standard output, where Lambda reads them");
    }

    @Test
    void quotesNewlinesControlCharactersAndNonAsciiSurviveTheRoundTrip() {
        Captured log = new Captured(JSON_AT_INFO);
        String awkward = "a \"quoted\" C:\\path\nsecond line\r\ttab \u0000 \u0007 \u001b[31m \u001f \u007f é ü ß 日本語 😀 \u2028 end";
        log.logger("io.serverlessorch.api.Weird\"Name").info("{}", awkward);
        log.logger("io.serverlessorch.api.OrderController").warn(awkward, new IllegalArgumentException(awkward));

        String written = log.out();
        assertEquals(2, written.chars().filter(c -> c == '\n').count(), "each entry is exactly one line:\n" + written);
        List<JsonNode> lines = log.jsonLines();
        assertEquals(awkward, lines.get(0).get("message").asText());
        assertEquals("io.serverlessorch.api.Weird\"Name", lines.get(0).get("logger").asText());
        assertEquals(awkward, lines.get(1).get("message").asText());
        assertEquals(awkward, lines.get(1).get("errorMessage").asText());
    }

    // ---- levels

    @Test
    void belowTheLevelNothingIsWrittenNorFormatted() {
        Captured log = new Captured(TEXT_AT_INFO);
        Logger logger = log.logger("io.serverlessorch.pipeline.OrderOrchestrator");
        AtomicInteger formatted = new AtomicInteger();
        Object argument = new Object() {
            @Override
            public String toString() {
                formatted.incrementAndGet();
                return "formatted";
            }
        };
        assertFalse(logger.isTraceEnabled());
        assertFalse(logger.isDebugEnabled());
        assertFalse(logger.isEnabledForLevel(Level.DEBUG));
        logger.debug("hidden {}", argument);
        logger.trace("hidden {} {}", argument, argument);
        logger.debug("hidden {} {} {}", argument, argument, argument);
        logger.atDebug().addArgument(argument).log("hidden {}");
        assertEquals(0, formatted.get(), "no argument was formatted");
        assertEquals("", log.out() + log.err());

        assertTrue(logger.isInfoEnabled());
        logger.info("shown {}", argument);
        assertEquals(1, formatted.get());
        assertTrue(log.out().endsWith("OrderOrchestrator  shown formatted\n"), log.out());
    }

    @Test
    void noisyLibrariesShowOnlyTheirProblems() {
        Captured log = new Captured(JSON_AT_INFO);
        log.logger("software.amazon.awssdk.core.internal.SdkClient").info("a note on its client");
        log.logger("software.amazon.awssdk.regions.Region").info("a note on its configuration");
        log.logger("org.eclipse.jetty.server.Server").info("Started");
        log.logger("org.eclipse.jetty.util.HostPort").warn("Bad Host header");
        assertEquals("", log.out());

        log.logger("software.amazon.awssdk.core.internal.SdkClient").warn("could not write");
        log.logger("org.eclipse.jetty.util.HostPort").error("failed");
        log.logger("software.amazon.awssdkx.NotTheSdk").info("a name that only starts like the SDK's");
        assertEquals(List.of("could not write", "failed", "a name that only starts like the SDK's"),
                log.jsonLines().stream().map(line -> line.get("message").asText()).toList());
    }

    @Test
    void theLevelComesFromLambdaThenTheSystemPropertyThenTheEnvironmentThenInfo() {
        assertEquals(Level.DEBUG.toInt(), LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG", "ORCH_LOG_LEVEL", "ERROR"),
                Map.of("orch.log.level", "WARN")).thresholdFor("io.serverlessorch.A"));
        assertEquals(Level.WARN.toInt(), LogSettings.from(Map.of("ORCH_LOG_LEVEL", "ERROR"), Map.of("orch.log.level", "warn"))
                .thresholdFor("io.serverlessorch.A"));
        assertEquals(Level.ERROR.toInt(), LogSettings.from(Map.of("ORCH_LOG_LEVEL", "error"), Map.of()).thresholdFor("io.serverlessorch.A"));
        assertEquals(Level.INFO.toInt(), LogSettings.from(Map.of(), Map.of()).thresholdFor("io.serverlessorch.A"));
        assertEquals(Level.ERROR.toInt(), LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL"), Map.of()).thresholdFor("A"));
        assertEquals(LogSettings.OFF, LogSettings.from(Map.of(), Map.of("orch.log.level", "off")).thresholdFor("A"));
    }

    @Test
    void aLoggersOwnLevelIsTheLongestPrefixOfWholeNameSegments() {
        LogSettings settings = LogSettings.from(Map.of(), Map.of(
                "orch.log.level.io.serverlessorch", "DEBUG",
                "orch.log.level.io.serverlessorch.pipeline", "ERROR",
                "orch.log.level.org.eclipse.jetty", "INFO"));
        assertEquals(Level.DEBUG.toInt(), settings.thresholdFor("io.serverlessorch.api.HealthController"));
        assertEquals(Level.ERROR.toInt(), settings.thresholdFor("io.serverlessorch.pipeline.OrderOrchestrator"));
        assertEquals(Level.ERROR.toInt(), settings.thresholdFor("io.serverlessorch.pipeline"));
        assertEquals(Level.DEBUG.toInt(), settings.thresholdFor("io.serverlessorch.pipelines.Other"));
        assertEquals(Level.INFO.toInt(), settings.thresholdFor("org.eclipse.jetty.server.Server"), "a property overrides the built-in level");
        assertEquals(Level.ERROR.toInt(), settings.thresholdFor("org.eclipse.jetty.util.HostPort"), "the longer built-in prefix still wins");
        assertEquals(Level.INFO.toInt(), settings.thresholdFor("com.example.Other"));
    }

    @Test
    void quietLibrariesAreNeverLouderThanTheGeneralLevel() {
        LogSettings atError = LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "ERROR"), Map.of());
        assertEquals(Level.ERROR.toInt(), atError.thresholdFor("software.amazon.awssdk.core.Client"));
        LogSettings atDebug = LogSettings.from(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"), Map.of());
        assertEquals(Level.WARN.toInt(), atDebug.thresholdFor("software.amazon.awssdk.regions.Region"));
        assertEquals(Level.DEBUG.toInt(), atDebug.thresholdFor("io.serverlessorch.pipeline.OrderOrchestrator"));
    }

    @Test
    void jsonInLambdaTextElsewhereUnlessThePropertySays() {
        assertEquals(LogSettings.Format.JSON, LogSettings.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "serverless-orch-dev-payment"), Map.of()).format());
        assertEquals(LogSettings.Format.TEXT, LogSettings.from(Map.of(), Map.of()).format());
        assertEquals(LogSettings.Format.TEXT, LogSettings.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "f"), Map.of("orch.log.format", "text")).format());
        assertEquals(LogSettings.Format.JSON, LogSettings.from(Map.of(), Map.of("orch.log.format", "JSON")).format());
    }

    // ---- text, for a person

    @Test
    void aTextEntryIsOneReadableLineAndProblemsGoToStandardError() {
        Captured log = new Captured(TEXT_AT_INFO);
        Logger logger = log.logger("io.serverlessorch.pipeline.OrderStreamProcessor");
        LogContext.invocationStarted("not-shown-in-text");
        logger.info("Order {} moved\nINFO  Forged  line", "o-1");
        assertTrue(log.out().matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  OrderStreamProcessor  Order o-1 moved\\\\nINFO  Forged  line\n"),
                log.out());

        logger.warn("Stream record {} failed", "4", new IllegalStateException("boom"));
        List<String> lines = log.err().lines().toList();
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  OrderStreamProcessor  Stream record 4 failed"), lines.get(0));
        assertEquals("java.lang.IllegalStateException: boom", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat " + LogLinesTest.class.getName()), lines.get(2));
        assertEquals(1, log.out().lines().count(), "the warning is not on standard output");
    }

    // ---- helpers

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode jsonObject(String line) {
        try {
            JsonNode node = JSON.readValue(line);
            assertTrue(node.isObject(), line);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }

    /** A factory of its own, writing into buffers instead of the process's standard output and error. */
    private static final class Captured {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final OrchLoggerFactory factory;

        Captured(LogSettings settings) {
            PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            factory = new OrchLoggerFactory(settings, () -> outStream, () -> errStream);
        }

        Logger logger(String name) {
            return factory.getLogger(name);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        List<JsonNode> jsonLines() {
            return out().lines().map(LogLinesTest::jsonObject).toList();
        }
    }
}
