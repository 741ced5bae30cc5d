package io.serverlessorch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.serverlessorch.payments.WebhookSignature;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Refuses what the binding would quietly guess at, before anything is parsed or stored: an oversized body
 * (measured, whatever the framing), a body sent without a JSON content type, a JSON body that is not one
 * strict document, control characters in query parameters, and a header or query parameter that may be
 * given once but came several times (API Gateway passes them all; which one would win is not the client's
 * intent to guess).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestScreen {

    /**
     * Headers whose value must be unambiguous. The payment webhook's signature among them: the binding reads the
     * first copy, so a good signature followed by anything else would otherwise be taken as signed.
     */
    static final List<String> SINGLE_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, "Idempotency-Key",
            WebhookSignature.HEADER);

    /** POST routes whose body may be left out altogether (no body, no Content-Type). */
    static final Pattern OPTIONAL_BODY = Pattern.compile("/orders/[^/]+/cancel");

    /** Routes whose body is checked by their controller, after its signature: nothing unauthenticated is parsed first. */
    static final List<String> SIGNED_BODY = List.of("/payments/webhook");

    /** The methods this API's routes use; anything else never reaches them. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST");

    /**
     * What must be refused before the request is even routed: header values the HTTP layer would choke on
     * (a control character), and a method that is not one of HTTP's own. Plain values in, so any front door
     * can ask.
     *
     * @param headers each header's values, as sent
     */
    public static Optional<Problem> beforeRouting(String method, String path, Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                if (value != null && value.chars().anyMatch(c -> c > 0x7E)) {
                    // Header bytes arrive as Latin-1: UTF-8 text shows up as odd characters, often C1 controls.
                    return Optional.of(problem(HttpStatus.BAD_REQUEST, "The header " + OrderController.abbreviate(header.getKey())
                            + " holds text that is not ASCII; send header values in printable ASCII"));
                }
                Optional<String> bad = value == null ? Optional.empty() : StrictJson.badCharacter(value);
                if (bad.isPresent()) {
                    return Optional.of(problem(HttpStatus.BAD_REQUEST, "The header " + OrderController.abbreviate(header.getKey()) + " holds " + bad.get()));
                }
            }
        }
        boolean known = method != null && Arrays.stream(HttpMethod.values()).anyMatch(m -> m != HttpMethod.CUSTOM && m.name().equals(method));
        if (!known) {
            return Optional.of(problem(HttpStatus.METHOD_NOT_ALLOWED, OrderController.abbreviate(String.valueOf(method))
                    + " is not allowed on " + OrderController.abbreviate(String.valueOf(path)) + "; this API uses " + String.join(", ", METHODS)));
        }
        return Optional.empty();
    }

    private static Problem problem(HttpStatus status, String detail) {
        return new Problem("about:blank", ProblemErrorResponseProcessor.title(status), status.getCode(), detail, null);
    }

    @RequestFilter
    public void screen(HttpRequest<?> request, @Nullable @Body String body) {
        checkHeaders(request);
        checkQuery(request);
        checkBody(request, body);
    }

    private static void checkHeaders(HttpRequest<?> request) {
        for (String name : SINGLE_HEADERS) {
            if (request.getHeaders().getAll(name).size() > 1) {
                throw refuse(HttpStatus.BAD_REQUEST, "Send the " + name + " header once, not " + request.getHeaders().getAll(name).size() + " times");
            }
        }
    }

    private static void checkQuery(HttpRequest<?> request) {
        // Names are compared without case: the binding would take "Limit" for "limit".
        Map<String, Integer> givenTimes = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            int times = givenTimes.merge(parameter.getKey().toLowerCase(Locale.ROOT), parameter.getValue().size(), Integer::sum);
            if (times > 1) {
                throw refuse(HttpStatus.BAD_REQUEST, "Give the query parameter '" + OrderController.abbreviate(parameter.getKey())
                        + "' once, not " + times + " times (names are compared without case)");
            }
            for (String text : concat(parameter.getKey(), parameter.getValue())) {
                Optional<String> bad = StrictJson.badCharacter(text);
                if (bad.isPresent()) {
                    throw refuse(HttpStatus.BAD_REQUEST, "The query parameter '" + OrderController.abbreviate(parameter.getKey()) + "' holds " + bad.get());
                }
            }
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }

    private static void checkBody(HttpRequest<?> request, String body) {
        long declared = request.getContentLength();
        long actual = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        if (Math.max(declared, actual) > ApiLimits.MAX_BODY_BYTES) {
            throw refuse(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "The body has " + Math.max(declared, actual) + " bytes; at most " + ApiLimits.MAX_BODY_BYTES + " are accepted");
        }
        if (request.getMethod() != HttpMethod.POST) {
            // Only POST routes read a body; any other method is answered by its route (or a 405) as it is.
            return;
        }
        Optional<MediaType> type = request.getContentType();
        if (type.isEmpty() && actual == 0 && declared <= 0 && OPTIONAL_BODY.matcher(request.getPath()).matches()) {
            return;
        }
        if (type.isEmpty()) {
            throw refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body with Content-Type: application/json");
        }
        // JSON between systems is UTF-8 (RFC 8259 8.1); another charset would be decoded past the checks below.
        Optional<String> charset = type.get().getParametersMap().entrySet().stream()
                .filter(parameter -> parameter.getKey().toString().equalsIgnoreCase("charset")).map(parameter -> parameter.getValue()).findFirst();
        if (charset.isPresent() && !charset.get().replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as UTF-8 (charset=utf-8 or none), not "
                    + OrderController.abbreviate(charset.get()));
        }
        String coding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !coding.isBlank() && !coding.trim().equalsIgnoreCase("identity")) {
            throw refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding " + OrderController.abbreviate(coding)
                    + " is not supported; send the body uncompressed");
        }
        if (type.get().matches(MediaType.APPLICATION_JSON_TYPE) && body != null && !SIGNED_BODY.contains(request.getPath())) {
            StrictJson.problem(body).ifPresent(problem -> {
                throw refuse(HttpStatus.BAD_REQUEST, problem);
            });
        }
    }

    /**
     * A JSON answer is UTF-8 and says nothing more: Micronaut would otherwise echo the client's Accept
     * parameters (a charset it never used, a q-value) into the Content-Type.
     */
    @ResponseFilter
    public void plainJsonType(MutableHttpResponse<?> response) {
        // Controllers' answers get their type when the body is written, after this filter: fix it now.
        boolean json = response.getContentType()
                .map(type -> type.matches(MediaType.APPLICATION_JSON_TYPE))
                .orElse(response.body() != null && !(response.body() instanceof FileCustomizableResponseType));
        if (json) {
            response.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }

    /**
     * A 401 names the challenge to answer (RFC 9110, 15.5.2): on the webhook, its signature header. The API's
     * other routes are refused by the gateway's IAM authorization, never here.
     */
    @ResponseFilter
    public void challenge(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() == HttpStatus.UNAUTHORIZED.getCode() && SIGNED_BODY.contains(request.getPath())) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, WebhookSignature.HEADER);
        }
    }

    private static HttpStatusException refuse(HttpStatus status, String detail) {
        return new HttpStatusException(status, detail);
    }
}
