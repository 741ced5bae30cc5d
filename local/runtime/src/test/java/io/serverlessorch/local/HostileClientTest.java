package io.serverlessorch.local;

import io.serverlessorch.local.RawHttp.Request;
import io.serverlessorch.local.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.serverlessorch.local.RawHttp.assertProblem;
import static io.serverlessorch.local.RawHttp.bytes;
import static io.serverlessorch.local.RawHttp.concat;
import static io.serverlessorch.local.RawHttp.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile client can send the local API over a raw socket: bytes no HTTP library would write. Every
 * such request must get an RFC 9457 problem that names what was wrong and nothing of the server's
 * insides, must store nothing, and must not make the server log a stack trace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientTest {

    /** How long a client waits for an answer; a request the server never answers fails instead of hanging. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than the server's idle timeout, for a client that stalls on purpose and waits to be cut off. */
    private static final Duration STALLED_READ_TIMEOUT = ApiGatewayHttpBridge.IDLE_TIMEOUT.multipliedBy(3);

    /** A valid order for the sample catalog; the cases break one thing in it. */
    private static final String ORDER = withItems("""
            [{"product_id": "product-1", "quantity": 2, "unit_price": 19.99},
             {"product_id": "product-2", "quantity": 1, "unit_price": 5.00}]""");

    private static final ByteArrayOutputStream SERVER_LOG = new ByteArrayOutputStream();
    private static PrintStream originalErr;
    private static LocalSystem system;

    @BeforeAll
    static void startTheSystemWithItsLogCaptured() {
        // The logging looks System.err up on every line, so a tee set before anything logs sees every WARN and ERROR.
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, SERVER_LOG), true, StandardCharsets.UTF_8));
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
    }

    @AfterAll
    static void stopTheSystem() {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            system = null;
            System.setErr(originalErr);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The barrage

    @ParameterizedTest(name = "{0}")
    @MethodSource({"pathEncoding", "queryStrings", "headers", "methods", "bodies"})
    @Order(1)
    void aHostileRequestGetsAProblemAndStoresNothing(Case hostile) throws Exception {
        Response response = exchange(hostile.request(), hostile.stalls() ? STALLED_READ_TIMEOUT : READ_TIMEOUT);
        assertProblem(response, hostile.status(), hostile.phrase());
        assertEquals(0, storedOrders(), "a refused request stored an order");
    }

    static Stream<Case> pathEncoding() {
        return Stream.of(
                refused("escapes a NUL byte in an order id", get("/orders/a%00b"), 400, "malformed"),
                refused("escapes a newline in an order id", get("/orders/a%0Ab"), 400, "path is not allowed"),
                refused("escapes a '%' in an order id", get("/orders/a%25b"), 400, "ambiguous"),
                refused("escapes a '/' in an order id", get("/orders/a%2Fb"), 400, "ambiguous"),
                refused("doubles the first slash", get("//orders"), 400, "empty segment"),
                refused("doubles a slash inside the path", get("/orders//abc"), 400, "empty segment"),
                refused("climbs out with an escaped slash", get("/orders/..%2F..%2Fhealth"), 400, "ambiguous"),
                refused("climbs out with escaped dots", get("/orders/%2E%2E"), 400, "ambiguous"),
                refused("climbs out with escaped dots and a slash", get("/orders/%2e%2e/health"), 400, "ambiguous"),
                refused("sends a malformed escape in the path", get("/orders/%zz"), 400, "malformed"),
                refused("ends the path with half an escape", get("/orders/abc%4"), 400, "malformed"),
                refused("escapes a '?' in an order id", get("/orders/a%3Fb"), 404, "No order has the id 'a?b'"),
                refused("escapes a '#' in an order id", get("/orders/a%23b"), 404, "No order has the id 'a#b'"),
                refused("escapes a space in an order id", get("/orders/a%20b"), 404, "No order has the id 'a b'"),
                refused("escapes a double quote in an order id", get("/orders/a%22b"), 404, "No order has the id 'a\"b'"),
                refused("escapes a single quote in an order id", get("/orders/a%27b"), 404, "No order has the id 'a'b'"),
                refused("escapes brackets in an order id", get("/orders/a%5B0%5Db"), 404, "No order has the id 'a[0]b'"),
                // Jetty refuses a backslash as a suspicious path character where API Gateway would pass it on; no id holds one either way.
                refused("escapes a backslash in an order id", get("/orders/a%5Cb"), 400, "suspicious path character"),
                refused("escapes markup in an order id", get("/orders/%3Cscript%3E"), 404, "No order has the id '<script>'"),
                refused("sends an order id of 5,000 characters", get("/orders/" + "x".repeat(5000)), 404, "..."));
    }

    static Stream<Case> queryStrings() {
        return Stream.of(
                refused("sends a malformed escape in the query", get("/orders?status=%zz"), 400, "query string"),
                refused("ends the query with half an escape", get("/orders?status=PENDING%4"), 400, "query string"),
                refused("escapes bytes that are not UTF-8 in the query", get("/orders?status=%C3%28"), 400, "not UTF-8"),
                refused("gives limit twice", get("/orders?limit=1&limit=2"), 400, "once"),
                refused("gives status twice", get("/orders?status=PENDING&status=FAILED"), 400, "once"),
                refused("hides a NUL byte in the status", get("/orders?status=PEN%00DING"), 400, "control character"),
                refused("hides a NUL byte in a parameter name", get("/orders?sta%00tus=PENDING"), 400, "control character"),
                refused("asks for a status that does not exist", get("/orders?status=SHIPPED_TO_MARS"), 400, "is not one of"),
                refused("asks for a limit of 0", get("/orders?limit=0"), 400, "must be a whole number from 1 to 100"),
                refused("asks for a limit of 101", get("/orders?limit=101"), 400, "must be a whole number from 1 to 100"),
                refused("asks for a negative limit", get("/orders?limit=-1"), 400, "must be a whole number from 1 to 100"),
                refused("asks for a limit that is a word", get("/orders?limit=ten"), 400, "limit must be a whole number from 1 to 100"),
                refused("asks for a fractional limit", get("/orders?limit=1.5"), 400, "limit must be a whole number from 1 to 100"),
                refused("asks for a limit beyond any integer", get("/orders?limit=99999999999999999999"), 400,
                        "limit must be a whole number from 1 to 100"),
                refused("forges a next_token", get("/orders?next_token=forged"), 400, "next_token"),
                refused("asks for a status in capitals", get("/orders?STATUS=COMPLETED"), 400, "Unknown query parameter 'STATUS'"),
                refused("asks for an empty limit", get("/orders?limit="), 400, "limit must be a whole number from 1 to 100, not ''"),
                refused("asks for a limit with a plus sign", get("/orders?limit=%2B5"), 400, "not '+5'"),
                refused("forges a next_token of encoded JSON",
                        get("/orders?next_token=eyJvcmRlcl9pZCI6IngiLCJjcmVhdGVkX2F0IjoiMjAyNCJ9"), 400, "next_token"));
    }

    static Stream<Case> headers() {
        String post = "POST /orders HTTP/1.1\r\nHost: localhost\r\n";
        return Stream.of(
                refused("puts a control character in a header value",
                        raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Note: a\u0001b\r\n\r\n"), 400, "illegal character"),
                refused("puts DEL in a header value",
                        raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Note: a\u007Fb\r\n\r\n"), 400, "illegal character"),
                refused("folds a header over two lines",
                        raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Note: a\r\n b\r\n\r\n"), 400, "fold"),
                refused("sends a header line without a colon",
                        raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n"), 400, "not well-formed HTTP"),
                refused("puts a space before a header's colon",
                        raw("GET /orders HTTP/1.1\r\nHost : localhost\r\n\r\n"), 400, "not well-formed HTTP"),
                refused("sends two different Content-Lengths",
                        raw(post + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400, "multiple content-lengths"),
                refused("sends the same Content-Length twice",
                        raw(post + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}"), 400, "multiple content-lengths"),
                refused("sends a Content-Length that is not a number",
                        raw(post + "Content-Type: application/json\r\nContent-Length: two\r\n\r\n{}"), 400, "invalid content-length value"),
                refused("sends a negative Content-Length",
                        raw(post + "Content-Type: application/json\r\nContent-Length: -2\r\n\r\n{}"), 400, "invalid content-length value"),
                refused("sends both Content-Length and chunked",
                        raw(post + "Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                        400, "not both"),
                stalled("declares more body than it sends, then stalls",
                        raw(post + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"customer\":"), 408, "did not arrive in full"),
                refused("declares a body larger than API Gateway accepts",
                        raw(post + "Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n"), 413,
                        String.valueOf(ApiGatewayHttpBridge.MAX_PAYLOAD_BYTES)),
                refused("sends headers larger than 10 KiB",
                        raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(11 * 1024) + "\r\n\r\n"), 431, "10240"),
                refused("sends a request line larger than 10 KiB",
                        get("/orders/" + "x".repeat(11 * 1024)), 414, "URI"),
                refused("sends Content-Type twice", postJson(ORDER, "Content-Type: application/json"), 400, "once"),
                refused("sends Idempotency-Key twice", postJson(ORDER, "Idempotency-Key: key-1", "Idempotency-Key: key-2"), 400, "once"),
                refused("sends an Idempotency-Key with spaces", postJson(ORDER, "Idempotency-Key: two words"), 400, "printable ASCII without spaces"),
                refused("sends an Idempotency-Key of 256 characters", postJson(ORDER, "Idempotency-Key: " + "k".repeat(256)), 400,
                        "size must be between 1 and 255"),
                refused("sends an Idempotency-Key in Cyrillic", postJson(ORDER, utf8AsLatin1("Idempotency-Key: ключ")), 400,
                        "Idempotency-Key holds text that is not ASCII"),
                refused("leaves out Host", raw("GET /orders HTTP/1.1\r\n\r\n"), 400, "no host"),
                refused("asks for the limit twice in different case", get("/orders?limit=1&LIMIT=3"), 400, "once"),
                refused("sends Host twice", raw("GET /orders HTTP/1.1\r\nHost: localhost\r\nHost: example.com\r\n\r\n"), 400, "duplicate host header"),
                refused("speaks HTTP/0.9", raw("GET /orders HTTP/0.9\r\n\r\n"), 505, "HTTP/1.1"),
                refused("speaks HTTP/3.7", raw("GET /orders HTTP/3.7\r\nHost: localhost\r\n\r\n"), 505, "HTTP/1.1"),
                refused("speaks HTTP/1.0 with chunked framing",
                        raw("POST /orders HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                        400, "HTTP/1.0 has no Transfer-Encoding"),
                // ASCII in UTF-16 is valid UTF-8 with NULs between: the charset must be refused, not the bytes.
                refused("sends its body as UTF-16", post(withName("John\\u0000Doe").getBytes(StandardCharsets.UTF_16LE),
                        "Content-Type: application/json; charset=UTF-16LE"), 415, "Send the body as UTF-8"),
                refused("says the body is gzip-compressed when it is not", postJson(ORDER, "Content-Encoding: gzip"), 415,
                        "Content-Encoding gzip is not supported"),
                refused("deletes the OpenAPI document", raw("DELETE /openapi/openapi.yml HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405,
                        "DELETE is not allowed"),
                refused("sends an unknown Transfer-Encoding",
                        raw(post + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}"), 400, "Transfer-Encoding is not supported"),
                // Read as if it were not compressed, the body would be a request the client did not describe.
                refused("compresses a chunked body with a coding the server does not know",
                        raw(post + "Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                        501, "Transfer-Encoding"),
                // Bytes where the CRLF after a chunk's data must be: dropping them would let a request hide in a body.
                refused("hides a request where a chunk's CRLF belongs",
                        raw(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}GET /orders/SMUGGLED HTTP/1.1\r\n0\r\n\r\n"),
                        400, "framing is malformed"),
                refused("sends a chunk size that is not hexadecimal",
                        raw(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                        400, "chunk size that is not hexadecimal"),
                refused("sends a chunk size beyond any length",
                        raw(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"),
                        400, "framing is malformed"));
    }

    static Stream<Case> methods() {
        return Stream.of(
                refused("sends PROPFIND to /orders", raw("PROPFIND /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "PROPFIND is not allowed"),
                refused("sends BREW to /orders", raw("BREW /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "BREW is not allowed"),
                refused("sends a lower-case get", raw("get /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "get is not allowed"),
                refused("sends DELETE to /orders", raw("DELETE /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "DELETE is not allowed"),
                refused("sends PUT to an order", raw("PUT /orders/abc HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"), 405,
                        "PUT is not allowed"),
                refused("sends PATCH to /orders", raw("PATCH /orders HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"), 405,
                        "PATCH is not allowed"),
                refused("sends TRACE to /orders", raw("TRACE /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405, "TRACE is not allowed"),
                refused("sends a method with illegal characters", raw("GE(T /orders HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400,
                        "not well-formed HTTP"));
    }

    static Stream<Case> bodies() {
        String emojiName = "\uD83D\uDE00".repeat(250);
        return Stream.of(
                refused("posts without a Content-Type", post(ORDER.getBytes(StandardCharsets.UTF_8)), 415, "Content-Type: application/json"),
                refused("posts text/plain", post(ORDER.getBytes(StandardCharsets.UTF_8), "Content-Type: text/plain"), 415, "text/plain"),
                refused("posts a form", post("a=1".getBytes(StandardCharsets.UTF_8), "Content-Type: application/x-www-form-urlencoded"), 415,
                        "application/x-www-form-urlencoded"),
                refused("posts bytes that are not UTF-8",
                        postJson(concat(bytes("{\"customer\": {\"name\": \""), new byte[]{(byte) 0xC3, (byte) 0x28}, bytes("\"}}"))), 400, "UTF-8"),
                refused("posts an overlong UTF-8 encoding",
                        postJson(concat(bytes("{\"customer\": {\"name\": \""), new byte[]{(byte) 0xC0, (byte) 0xAF}, bytes("\"}}"))), 400, "UTF-8"),
                refused("posts text after the JSON document", postJson(ORDER + " trailing"), 400, "one JSON document"),
                refused("posts two JSON documents", postJson(ORDER + ORDER), 400, "one JSON document"),
                refused("posts a key twice", postJson(ORDER.replace("\"name\": \"John Doe\"", "\"name\": \"John\", \"name\": \"Jane\"")), 400,
                        "appears twice"),
                refused("escapes a NUL in the name", postJson(withName("John\\u0000Doe")), 400, "control character"),
                refused("escapes a newline in the name", postJson(withName("John\\nDoe")), 400, "control character"),
                refused("escapes a lone surrogate in the name", postJson(withName("John\\ud800Doe")), 400, "lone surrogate"),
                refused("puts U+FFFD in the name", postJson(withName("John\uFFFDDoe")), 400, "U+FFFD"),
                refused("writes a quantity as 2.0", postJson(withQuantity("2.0")), 400, "whole number"),
                refused("writes a quantity as 1E2", postJson(withQuantity("1E2")), 400, "whole number"),
                refused("writes a quantity as a string", postJson(withQuantity("\"2\"")), 400, "whole number"),
                refused("writes a quantity beyond any integer", postJson(withQuantity("99999999999999999999")), 400, "out of range"),
                refused("writes a negative quantity", postJson(withQuantity("-2")), 400, "items[0].quantity"),
                refused("writes a price as NaN", postJson(ORDER.replace("19.99", "NaN")), 400, "not a valid request"),
                refused("writes a quantity with a leading zero", postJson(withQuantity("02")), 400, "not a valid request"),
                refused("writes a price as a string", postJson(ORDER.replace("19.99", "\"19.99\"")), 400, "unit_price"),
                refused("sends the items as an object", postJson(withItems("{}")), 400, "not a valid request"),
                refused("sends an item as a number", postJson(withItems("[1]")), 400, "not a valid request"),
                refused("sends the customer as a string", postJson(ORDER.replaceFirst("\\{\"customer_id[^}]*}", "\"cust-1\"")), 400,
                        "not a valid request"),
                refused("sends the name as a number", postJson(ORDER.replace("\"John Doe\"", "5")), 400, "not a valid request"),
                refused("misspells true inside the customer", postJson(ORDER.replace("\"cust-12345\"", "tru")), 400, "not a valid request"),
                refused("adds a field the API does not know", postJson(ORDER.replace("{\n  \"customer\"", "{\n  \"discount\": 100, \"customer\"")),
                        400, "unknown field 'discount'"),
                refused("posts JSON cut off in the middle", postJson("{\"customer\":"), 400, "not a valid request"),
                refused("puts a line separator in a name", postJson(withName("John\\u2028Doe")), 400, "line or paragraph separator"),
                refused("reverses the text direction in a name", postJson(withName("John\\u202EDoe")), 400, "bidirectional control"),
                refused("nests a price 1,500 arrays deep", postJson(withItems("[{\"product_id\": \"product-1\", \"quantity\": 1, \"unit_price\": "
                        + "[".repeat(1500) + "1" + "]".repeat(1500) + "}]")), 400, "not a valid request"),
                refused("sends a price of 60,000 digits", postJson(withItems("[{\"product_id\": \"product-1\", \"quantity\": 1, \"unit_price\": "
                        + "9".repeat(60_000) + "}]")), 400, "not a valid request"),
                refused("posts an empty body", postJson(""), 400, "needs a JSON object as its body"),
                refused("posts null", postJson("null"), 400, "JSON object"),
                refused("posts an array", postJson("[]"), 400, "not a valid request"),
                refused("posts a string", postJson("\"order\""), 400, "not a valid request"),
                refused("nests 10,000 arrays", postJson("[".repeat(10_000)), 400, "not a valid request"),
                refused("nests 10,000 objects", postJson("{\"a\":".repeat(10_000)), 400, "not a valid request"),
                refused("sends a name of 250 emoji", postJson(withName(emojiName)), 400, "must have at most 200 characters"),
                refused("orders 51 lines", postJson(withItems(fiftyOneItems())), 400, "must hold between 1 and 50 items"),
                refused("sends a chunked body over 64 KiB", postChunked(bodyOfBytes(70_000), 8192), 413, "65536"),
                refused("sends a Content-Length body over 64 KiB", postJson(bodyOfBytes(70_000)), 413, "65536"),
                refused("streams a chunked body over 10 MB", streamChunked(ApiGatewayHttpBridge.MAX_PAYLOAD_BYTES + 1024 * 1024), 413,
                        String.valueOf(ApiGatewayHttpBridge.MAX_PAYLOAD_BYTES)));
    }

    // ---------------------------------------------------------------------------------------------------
    // Slow clients

    @Test
    @Order(2)
    void aClientTricklingItsHeadersIsCutOff() throws Exception {
        // A byte every 3 s keeps the connection from ever being idle; the header deadline ends it all the same.
        byte[] request = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int sent = 0;
        try (Socket socket = connect(READ_TIMEOUT)) {
            try {
                for (; sent < request.length; sent++) {
                    socket.getOutputStream().write(request[sent]);
                    socket.getOutputStream().flush();
                    // Between writes the server may have closed: a read then sees the end of the stream.
                    socket.setSoTimeout(3000);
                    try {
                        if (socket.getInputStream().read() == -1) {
                            break;
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // nothing answered yet, as expected while the headers are incomplete
                    }
                }
            } catch (IOException closedByTheServer) {
                // a write after the server closed
            }
        }
        assertTrue(sent < request.length, "the server read " + sent + " bytes, the whole request, without cutting it off");
    }

    @Test
    @Order(2)
    void stalledClientsDoNotKeepOthersOut() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            // More half-sent bodies than the server has threads, and as many half-sent request lines.
            int bodies = 2 * ApiGatewayHttpBridge.MAX_THREADS;
            for (int i = 0; i < 2 * bodies; i++) {
                Socket socket = connect(READ_TIMEOUT);
                stalled.add(socket);
                String partial = i % 2 == 0 ? "G"
                        : "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"customer\":";
                socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }

            Response health = exchange(get("/health"), READ_TIMEOUT);
            assertEquals(200, health.status(), health::toString);

            Response refused = exchange(postJson(ORDER, "Idempotency-Key: two words"), READ_TIMEOUT);
            assertProblem(refused, 400, "Idempotency-Key");
            assertEquals(0, storedOrders());
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // The server's own log

    @Test
    @Order(3)
    void noClientMadeTheServerLogAStackTrace() {
        // Stopped first, so what the server did with every connection above has reached the log.
        stopTheSystem();
        List<String> lines = SERVER_LOG.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> traces = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.contains(" ERROR ") && !line.contains(" WARN ")) {
                continue;
            }
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            if (line.contains("Exception") || next.startsWith("\tat ") || next.contains("Exception")) {
                traces.add(line + "\n" + next);
            }
        }
        assertTrue(traces.isEmpty(), () -> "The server logged stack traces:\n" + String.join("\n", traces));
    }

    // ---------------------------------------------------------------------------------------------------
    // Cases and requests

    /** A request that must be refused with {@code status}, its detail saying {@code phrase}. */
    record Case(String name, Request request, int status, String phrase, boolean stalls) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case refused(String name, Request request, int status, String phrase) {
        return new Case(name, request, status, phrase, false);
    }

    private static Case stalled(String name, Request request, int status, String phrase) {
        return new Case(name, request, status, phrase, true);
    }

    private static Request get(String target) {
        return raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    private static Request postJson(String body, String... headers) {
        return postJson(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Request postJson(byte[] body, String... headers) {
        String[] withType = Stream.concat(Stream.of("Content-Type: application/json"), Arrays.stream(headers)).toArray(String[]::new);
        return post(body, withType);
    }

    private static Request post(byte[] body, String... headers) {
        return RawHttp.post("/orders", body, headers);
    }

    private static Request postChunked(String body, int chunkSize) {
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes(bytes("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < bytes.length; from += chunkSize) {
            int length = Math.min(chunkSize, bytes.length - from);
            chunked.writeBytes(bytes(Integer.toHexString(length) + "\r\n"));
            chunked.write(bytes, from, length);
            chunked.writeBytes(bytes("\r\n"));
        }
        chunked.writeBytes(bytes("0\r\n\r\n"));
        return raw(chunked.toByteArray());
    }

    /** Chunks of spaces, {@code total} bytes of them, written as fast as the server takes them. */
    private static Request streamChunked(long total) {
        return out -> {
            out.write(bytes("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = concat(bytes(Integer.toHexString(64 * 1024) + "\r\n"), bytes(" ".repeat(64 * 1024) + "\r\n"));
            for (long sent = 0; sent < total; sent += 64 * 1024) {
                out.write(chunk);
            }
            out.write(bytes("0\r\n\r\n"));
        };
    }

    private static String withName(String jsonStringContent) {
        return ORDER.replace("\"name\": \"John Doe\"", "\"name\": \"" + jsonStringContent + "\"");
    }

    private static String withQuantity(String jsonValue) {
        return ORDER.replace("\"quantity\": 2,", "\"quantity\": " + jsonValue + ",");
    }

    private static String withItems(String itemsJson) {
        return """
                {
                  "customer": {"customer_id": "cust-12345", "email": "customer@example.com", "name": "John Doe"},
                  "items": %s,
                  "shipping_address": {"street": "123 Main St", "city": "Anytown", "state": "CA",
                                       "postal_code": "12345", "country": "US"},
                  "payment": {"payment_method": "credit_card", "card_token": "tok_visa"}
                }""".formatted(itemsJson);
    }

    private static String fiftyOneItems() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            items.add("{\"product_id\": \"product-" + i + "\", \"quantity\": 1, \"unit_price\": 1.00}");
        }
        return "[" + String.join(",", items) + "]";
    }

    /** An otherwise valid order padded with spaces to {@code size} bytes. */
    private static String bodyOfBytes(int size) {
        return ORDER + " ".repeat(size - ORDER.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A header line written as its UTF-8 bytes, as a client that does not care about HTTP's charset would. */
    private static String utf8AsLatin1(String header) {
        return new String(header.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------------
    // A raw HTTP/1.1 client

    private static Socket connect(Duration readTimeout) throws IOException {
        return RawHttp.connect(system.apiUrl(), readTimeout);
    }

    private static Response exchange(Request request, Duration readTimeout) throws IOException {
        return RawHttp.exchange(system.apiUrl(), request, readTimeout);
    }

    // ---------------------------------------------------------------------------------------------------
    // Checks

    private static int storedOrders() {
        return system.dynamoDb().scan(scan -> scan.tableName(system.tables().orders()).select(Select.COUNT)).count();
    }

    /** Writes to both streams: the console still shows the log, the test can read it. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
