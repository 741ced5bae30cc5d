package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A raw HTTP/1.1 client for the local API: it writes exactly the bytes it is given (bytes no HTTP library would
 * write), reads one answer, and checks that a refusal is an RFC 9457 problem that names what was wrong and
 * nothing of the server's insides.
 */
final class RawHttp {

    /** How long connecting may take. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Words that would mean an answer shows the server's insides. */
    static final List<String> LEAKS = List.of(
            "Exception", "java.", "io.micronaut", "org.eclipse", "io.serverlessorch", "Failed to convert", "CUSTOM", "<html", "class ", "`",
            "Constraints");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** What a client writes on the socket; it may keep writing while the answer comes back. */
    @FunctionalInterface
    interface Request {
        void writeTo(OutputStream out) throws IOException;
    }

    /** One answer: its status, its headers (names in lower case, each value as sent) and its body. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? null : String.join(", ", values);
        }

        @Override
        public String toString() {
            return status + " " + headers + "\n" + body;
        }
    }

    /** Exactly these bytes: each char of {@code text} is one byte, so control characters go out as they are. */
    static Request raw(String text) {
        return raw(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Request raw(byte[] bytes) {
        return out -> out.write(bytes);
    }

    /** A POST of {@code body} to {@code path} with these header lines (each "Name: value") and its Content-Length. */
    static Request post(String path, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return raw(concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body));
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    static Socket connect(URI api, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), api.getPort()), (int) CONNECT_TIMEOUT.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        return socket;
    }

    /**
     * Writes the request on its own thread, so a server that answers before the body is done (a 413) is read
     * rather than deadlocked on, and reads one response.
     */
    static Response exchange(URI api, Request request, Duration readTimeout) throws IOException {
        try (Socket socket = connect(api, readTimeout)) {
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    request.writeTo(out);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    // The server may stop reading once it has refused; its answer is what counts.
                }
            }, "hostile-client-writer");
            writer.setDaemon(true);
            writer.start();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
            throw new AssertionError("No HTTP status line came back, but: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        List<String> length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length.get(0)));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** A line up to CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The answer is a problem of {@code status}, typed {@code application/problem+json}, with a title and a detail
     * that show nothing of the server's insides; the detail (or its errors) says {@code phrase}, unless that is null.
     */
    static void assertProblem(Response response, int status, String phrase) throws IOException {
        assertEquals(status, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("Content-Type"), response::toString);
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(status, problem.path("status").asInt(), response::toString);
        assertFalse(problem.path("title").asText("").isBlank(), response::toString);
        String detail = problem.path("detail").asText("");
        assertFalse(detail.isBlank(), response::toString);
        for (String leak : LEAKS) {
            assertFalse(response.body().contains(leak) || detail.contains(leak), () -> "the answer shows '" + leak + "': " + response);
        }
        if (phrase != null) {
            String said = detail + " " + problem.path("errors");
            assertTrue(said.contains(phrase), () -> "expected the problem to say '" + phrase + "': " + response);
        }
    }
}
