package io.serverlessorch.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.Level;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** One log entry as text: a JSON object for Lambda, or a line for a person. Each ends with its newline. */
final class LogLines {

    /** jackson-core's generator, so escaping is not ours to get wrong; it is loaded by Micronaut's JSON anyway. */
    private static final JsonFactory JSON = new JsonFactory();
    /** As Lambda's own JSON lines write it. */
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private LogLines() {
    }

    /**
     * One line, with the keys of Lambda's JSON log lines, so that Lambda filters it by its {@code level} and
     * CloudWatch Logs Insights reads its fields. A throwable adds {@code errorType}, {@code errorMessage} and
     * {@code stackTrace}.
     */
    static String json(Instant at, Level level, String logger, String message, String awsRequestId, Throwable throwable) {
        StringWriter buffer = new StringWriter(192);
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeStringField("timestamp", UTC_MILLIS.format(at));
            json.writeStringField("level", level.name());
            json.writeStringField("message", message);
            json.writeStringField("logger", logger);
            if (awsRequestId != null) {
                json.writeStringField("AWSRequestId", awsRequestId);
            }
            if (throwable != null) {
                json.writeStringField("errorType", throwable.getClass().getName());
                json.writeStringField("errorMessage", throwable.getMessage());
                json.writeArrayFieldStart("stackTrace");
                for (String line : stackTrace(throwable)) {
                    json.writeString(line);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return buffer.append('\n').toString();
    }

    /**
     * {@code 10:15:02.123 INFO  OrderStreamProcessor  message}: local time, the logger's class name without its
     * package. The message stays on its line (control characters are shown escaped, so a value from a request
     * cannot start a line that looks like another entry); a throwable's stack trace follows as Java prints it.
     */
    static String text(Instant at, Level level, String logger, String message, Throwable throwable) {
        StringBuilder line = new StringBuilder(128)
                .append(LOCAL_TIME.format(at)).append(' ')
                .append(level.name()).append(level.name().length() == 4 ? "  " : " ")
                .append(logger, logger.lastIndexOf('.') + 1, logger.length()).append("  ");
        appendOnOneLine(line, message);
        line.append('\n');
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static void appendOnOneLine(StringBuilder line, String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (Character.isISOControl(c) && c != '\t') {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
    }

    /**
     * The trace as Java prints it, a line an element without its indentation: the frames ({@code at ...}), then
     * each {@code Caused by:} and {@code Suppressed:} with its own frames, less those it shares with the trace
     * that encloses it ({@code ... n more}). The first printed line is left out: errorType and errorMessage say it.
     */
    static List<String> stackTrace(Throwable throwable) {
        List<String> lines = new ArrayList<>();
        appendTrace(lines, throwable, new StackTraceElement[0], "", "", Collections.newSetFromMap(new IdentityHashMap<>()));
        return lines;
    }

    private static void appendTrace(List<String> lines, Throwable throwable, StackTraceElement[] enclosing, String caption,
                                    String indent, Set<Throwable> seen) {
        if (!seen.add(throwable)) {
            lines.add(indent + caption + "[CIRCULAR REFERENCE: " + throwable + "]");
            return;
        }
        StackTraceElement[] frames = throwable.getStackTrace();
        int own = frames.length - 1;
        for (int outer = enclosing.length - 1; own >= 0 && outer >= 0 && frames[own].equals(enclosing[outer]); outer--) {
            own--;
        }
        if (!caption.isEmpty()) {
            lines.add(indent + caption + throwable);
        }
        for (int i = 0; i <= own; i++) {
            lines.add(indent + "at " + frames[i]);
        }
        if (own < frames.length - 1) {
            lines.add(indent + "... " + (frames.length - 1 - own) + " more");
        }
        for (Throwable suppressed : throwable.getSuppressed()) {
            appendTrace(lines, suppressed, frames, "Suppressed: ", indent + "  ", seen);
        }
        if (throwable.getCause() != null) {
            appendTrace(lines, throwable.getCause(), frames, "Caused by: ", indent, seen);
        }
    }
}
