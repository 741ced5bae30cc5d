package io.serverlessorch.local;

import io.serverlessorch.local.stream.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The front door's own answers, as RFC 9457 problems like the API's and the deployed gateway responses. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    static final String UNSUPPORTED_TRANSFER_ENCODING = "The Transfer-Encoding is not supported; send chunked or a Content-Length";

    private Problems() {
    }

    static void write(Response response, Callback callback, int status, String detail) {
        write(response, callback, status, detail, false);
    }

    /** @param close whether the connection must close after the answer (the rest of the request is unread or untrusted) */
    static void write(Response response, Callback callback, int status, String detail, boolean close) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("The response had already begun"));
            return;
        }
        byte[] body = json(status, detail).getBytes(StandardCharsets.UTF_8);
        response.reset();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static String json(int status, String detail) {
        // RFC 9110's name for 413, as the handler's problems say it.
        String title = status == HttpStatus.PAYLOAD_TOO_LARGE_413 ? "Content Too Large" : HttpStatus.getMessage(status);
        return "{\"type\":\"about:blank\",\"title\":" + Json.string(title) + ",\"status\":" + status + ",\"detail\":" + Json.string(detail) + "}";
    }

    /**
     * Jetty's reason for refusing a request, in the API's words. Its messages name the rule that was broken
     * ("Ambiguous URI empty segment", "Invalid Content-Length Value"); they never name a Java type, but
     * the generic ones say little, so those get a sentence of their own.
     */
    static String jettyDetail(int status, String message) {
        String reason = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return switch (status) {
            case HttpStatus.REQUEST_TIMEOUT_408 -> "The request did not arrive in time";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "The body is larger than API Gateway accepts";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "The request line and headers are larger than the "
                    + ApiGatewayHttpBridge.MAX_HEADER_BYTES + " bytes API Gateway accepts";
            case HttpStatus.URI_TOO_LONG_414 -> "The URI is longer than API Gateway accepts";
            case HttpStatus.NOT_IMPLEMENTED_501 -> reason.contains("transfer") ? UNSUPPORTED_TRANSFER_ENCODING
                    : "The request uses a feature this API does not support";
            case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> "The HTTP version is not supported; use HTTP/1.1";
            default -> {
                if (message == null || message.isBlank() || message.equalsIgnoreCase(HttpStatus.getMessage(status))) {
                    yield "The request line or a header is malformed";
                }
                if (reason.contains("transfer-encoding") && reason.contains("content-length")) {
                    yield "Send either a Content-Length or Transfer-Encoding: chunked, not both";
                }
                if (reason.contains("transfer-encoding")) {
                    yield UNSUPPORTED_TRANSFER_ENCODING;
                }
                if (reason.contains("early eof") || reason.contains("chunk")) {
                    yield "The body's framing is malformed: a chunk size that is not hexadecimal, or a body that ended early";
                }
                if (reason.contains("uri") || reason.contains("path")) {
                    // An encoded '/', '%', '.' segment, empty segment or control character: API Gateway refuses them too.
                    yield "The path is not allowed: " + reason;
                }
                yield "The request is not well-formed HTTP: " + reason;
            }
        };
    }
}
