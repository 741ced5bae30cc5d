package io.serverlessorch.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every error Micronaut reports (validation, malformed JSON, unknown route, wrong method or content
 * type, and our own {@code HttpStatusException}s) into an RFC 9457 problem.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        boolean validation = context.getRootCause().filter(ConstraintViolationException.class::isInstance).isPresent();
        int errors = context.getErrors().size();
        List<Problem.FieldError> fieldErrors = validation
                ? context.getErrors().stream().limit(MOST_FIELD_ERRORS).map(ProblemErrorResponseProcessor::fieldError).toList()
                : null;
        String detail = !validation ? detail(context, status)
                : errors <= MOST_FIELD_ERRORS ? "The request is invalid: see errors for each field"
                : "The request is invalid: errors names the first " + MOST_FIELD_ERRORS + " of " + errors + " problems";
        Problem problem = new Problem("about:blank", title(status), status.getCode(), detail, fieldErrors);
        RetryAfter.onServiceUnavailable(response);
        return response.contentType(Problem.MEDIA_TYPE).body(problem);
    }

    /** Field errors named in one answer, at most: enough to fix a request, never an answer of megabytes. */
    static final int MOST_FIELD_ERRORS = 100;

    /** RFC 9110's names, where Micronaut keeps an older one. */
    static String title(HttpStatus status) {
        return status == HttpStatus.REQUEST_ENTITY_TOO_LARGE ? "Content Too Large" : status.getReason();
    }

    private static String detail(ErrorContext context, HttpStatus status) {
        if (status.getCode() >= 500) {
            // Never leak internals; the log has the cause.
            return "The server could not complete the request; try again later";
        }
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            return methodNotAllowed(context);
        }
        if (status == HttpStatus.NOT_FOUND && context.getErrors().stream().map(Error::getMessage).allMatch("Page Not Found"::equals)) {
            return "Nothing is at " + OrderController.abbreviate(context.getRequest().getPath()) + "; the API has /orders and /health";
        }
        return context.getErrors().stream().map(Error::getMessage).findFirst()
                .map(ProblemErrorResponseProcessor::readable)
                .orElse(status.getReason());
    }

    private static final Pattern ALLOWED_METHODS = Pattern.compile("Allowed methods: \\[([A-Z, ]*)\\]");

    /** Micronaut names a method it has no constant for "CUSTOM"; the client sent a real name. */
    private static String methodNotAllowed(ErrorContext context) {
        String method = context.getRequest().getMethodName();
        String path = OrderController.abbreviate(context.getRequest().getPath());
        String allowed = context.getErrors().stream().map(Error::getMessage).map(ALLOWED_METHODS::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse(null);
        return OrderController.abbreviate(method) + " is not allowed on " + path + (allowed == null ? "" : "; use one of " + allowed);
    }

    private static final Pattern DECODE_PREFIX = Pattern.compile(
            "^Unable to decode request body: (Error decoding JSON stream for type \\[\\w+\\]: )?");
    private static final Pattern SOURCE_LOCATION = Pattern.compile(
            "\\s*at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]");
    /** "[String name]" or, for a list, "[List<ItemBody E> items]": the property's name is the last word. */
    private static final Pattern PROPERTY_CONTEXT = Pattern.compile(
            "Error decoding property \\[[^\\]]* (\\w+)\\] of type \\[[^\\]]*\\]: ");
    /** The JSON reader's advice to its programmer, not to the client. */
    private static final Pattern READER_ADVICE = Pattern.compile(": enable `[^`]*` to allow");
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile(
            "Unknown property \\[([^\\]]*)\\] encountered during deserialization of type: (\\w+).*");

    private static final Pattern FAILED_CONVERSION = Pattern.compile(
            "Failed to convert argument \\[(\\w+)\\] for value \\[(.*?)\\].*", Pattern.DOTALL);
    /** What a query parameter or header that failed conversion should have been. */
    private static final Map<String, String> EXPECTED = Map.of(
            "limit", OrderController.LIMIT_RANGE.substring("must be ".length()));

    /** What a client must never read: class names, packages, the reader's own settings. */
    private static final Pattern INTERNALS = Pattern.compile("class |\\bio\\.|\\bjava\\.|`|\\$|Constraints|recursion|[A-Z]\\w*Body\\b");
    private static final Pattern LOCATION = Pattern.compile("\\((line \\d+, column \\d+)\\)");

    private static final Pattern UNEXPECTED_TOKEN = Pattern.compile("Unexpected token (\\w+), expected (\\w+)");

    private static String tokenKind(String token) {
        return switch (token) {
            case "START_OBJECT" -> "an object";
            case "START_ARRAY" -> "an array";
            case "VALUE_STRING" -> "a string";
            case "VALUE_NUMBER_INT", "VALUE_NUMBER_FLOAT" -> "a number";
            case "VALUE_TRUE", "VALUE_FALSE" -> "a boolean";
            case "VALUE_NULL" -> "null";
            default -> token;
        };
    }

    /**
     * The JSON reader's messages name Java types and source internals; a client needs the field, the
     * problem and where in the body it is.
     */
    static String readable(String message) {
        if (message.startsWith("Required Body")) {
            return "The request needs a JSON object as its body";
        }
        Matcher conversion = FAILED_CONVERSION.matcher(message);
        if (conversion.matches() && conversion.group(1).equals(RAW_BODY) && conversion.group(2).equals("null")) {
            // A body bound as text (the payment webhook's) that was not sent at all.
            return "The request needs a JSON object as its body";
        }
        if (conversion.matches()) {
            String name = clientName(conversion.group(1));
            return name + " must be " + EXPECTED.getOrDefault(name, "a valid value") + ", not '" + OrderController.abbreviate(conversion.group(2)) + "'";
        }
        Matcher prefix = DECODE_PREFIX.matcher(message);
        if (!prefix.find()) {
            return message;
        }
        String text = message.substring(prefix.end());
        if (text.startsWith("Empty body")) {
            return "The request needs a JSON object as its body";
        }
        return bodyError("a valid request", text);
    }

    /** The name of a body parameter bound as the raw text of the body. */
    static final String RAW_BODY = "body";

    /**
     * What the JSON reader said of a body, in a client's words: the field, the problem and where in the body it
     * is, never our types or the reader's settings. {@code what} is what the body should have been.
     */
    static String bodyError(String what, String readerMessage) {
        String text = READER_ADVICE.matcher(readerMessage).replaceAll("");
        text = SOURCE_LOCATION.matcher(text).replaceAll(" (line $1, column $2)");
        text = PROPERTY_CONTEXT.matcher(text).replaceAll(m -> JsonKinds.jsonName(m.group(1)) + ": ");
        text = UNKNOWN_PROPERTY.matcher(text).replaceAll(m -> "unknown field '" + m.group(1) + "'");
        text = UNEXPECTED_TOKEN.matcher(text).replaceAll(m -> "expected " + tokenKind(m.group(2)) + " but found " + tokenKind(m.group(1)));
        if (INTERNALS.matcher(text).find()) {
            // A message not rewritten above may still name our types or the reader's settings: keep only where.
            Matcher where = LOCATION.matcher(text);
            return "The body is not " + what + ": it is too deep, too long or malformed"
                    + (where.find() ? " (" + where.group(1) + ")" : "");
        }
        return "The body is not " + what + ": " + text;
    }

    /**
     * Validation reports "path: message", the path naming the body parameter ({@code request.items[0].unitPrice})
     * or another parameter ({@code limit}, {@code idempotencyKey}). Clients know the JSON and HTTP names.
     */
    static Problem.FieldError fieldError(Error error) {
        String message = error.getMessage();
        String path = error.getPath().orElse("");
        int separator = message.indexOf(": ");
        if (path.isEmpty() && separator > 0) {
            path = message.substring(0, separator);
        }
        if (!path.isEmpty() && message.startsWith(path + ": ")) {
            message = message.substring(path.length() + 2);
        }
        return new Problem.FieldError(clientName(path), message);
    }

    static String clientName(String path) {
        if (path.equals("idempotencyKey")) {
            return "Idempotency-Key";
        }
        if (path.equals("nextToken")) {
            return "next_token";
        }
        String withoutBody = path.startsWith("request.") ? path.substring("request.".length()) : path;
        return JsonKinds.jsonName(withoutBody);
    }
}
