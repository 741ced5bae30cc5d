package io.serverlessorch.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.local.LocalSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prism's validating proxy between a client and a local run: every request and every answer is checked against the
 * OpenAPI document. Prism runs without {@code --errors}, so it forwards every request as it is and lists what it
 * found wrong, in both directions, in the answer's {@code sl-violations} header (location "request..." or
 * "response..."); with {@code --errors} it would refuse a bad request itself (422) and hide the server's answer.
 *
 * <p>Good requests must pass both ways with no violation. Bad requests must be refused by the server (4xx, a
 * documented answer) and flagged by Prism: a bad request Prism lets through means the document promises less than
 * the server checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrismProxyTest {

    /** Pinned: a new release may validate differently. The newest release that runs on Node.js 18 and 20 (5.15 on need Node.js 24). */
    static final String PRISM_CLI = "@stoplight/prism-cli@5.14.2";

    /** The published contract, which OpenApiDocumentTest keeps equal to the document the code makes. */
    private static final Path DOCUMENT = Path.of("..", "..", "docs", "openapi.yml")
            .toAbsolutePath().normalize();

    /** Any SigV4-looking Authorization: the document asks every operation but the webhook for one; the local run reads none. */
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/execute-api/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

    private static final String ORDER = """
            {"customer": {"customer_id": "cust-prism", "email": "prism@example.com", "name": "Prism"},
             "items": [{"product_id": "product-3", "quantity": 1, "unit_price": 149.50}],
             "shipping_address": {"street": "1 Main St", "city": "Town", "postal_code": "12345", "country": "US"},
             "payment": {"payment_method": "credit_card", "card_token": "tok_3ds"}}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private LocalSystem system;
    private Process prism;
    private URI proxy;
    private Path log;

    @BeforeAll
    void start() throws Exception {
        Npx.assumeAvailable("the Prism proxy check");
        assertTrue(Files.isRegularFile(DOCUMENT), DOCUMENT + " is missing: the app module generates it");
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0));
        Path work = Files.createDirectories(Path.of("target", "prism").toAbsolutePath());
        log = work.resolve("prism.log");
        int port = freePort();
        String upstream = system.apiUrl().toString().replaceAll("/$", "");
        prism = Npx.start(work, log, PRISM_CLI, List.of("proxy", DOCUMENT.toString(), upstream,
                "--host", "127.0.0.1", "--port", String.valueOf(port)));
        proxy = URI.create("http://127.0.0.1:" + port);
        awaitListening(port, Duration.ofMinutes(5));
    }

    @AfterAll
    void stop() {
        Npx.destroyTree(prism);
        if (system != null) {
            system.close();
        }
    }

    /** What a well-behaved client sends, and the documented answers it gets: no violation either way. */
    @Test
    void goodRequestsAndTheirAnswersMatchTheDocument() throws Exception {
        List<String> found = new ArrayList<>();
        check(found, good("health", get("/health"), 200));
        Exchange placed = check(found, good("place an order", post("/orders", ORDER, "Idempotency-Key", "prism-" + UUID.randomUUID()), 201));
        String orderId = json.readTree(placed.body()).get("order_id").asText();
        check(found, good("place another order, under another key", post("/orders", ORDER, "Idempotency-Key", "prism-" + UUID.randomUUID()), 201));
        check(found, good("get the order", get("/orders/" + orderId), 200));
        check(found, good("list orders", get("/orders"), 200));

        check(found, good("cancel with a reason", post("/orders/" + orderId + "/cancel", "{\"reason\": \"changed my mind\"}"), 202));
        String second = json.readTree(check(found, good("place a second order", post("/orders", ORDER), 201)).body()).get("order_id").asText();
        check(found, good("cancel with no body", request("/orders/" + second + "/cancel").POST(HttpRequest.BodyPublishers.noBody()), 202));
        Exchange firstPage = check(found, good("list by status, one a page", get("/orders?status=CANCELLED&limit=1"), 200));
        String token = json.readTree(firstPage.body()).path("next_token").asText(null);
        assertTrue(token != null, "two cancelled orders one a page make a next_token: " + firstPage.body());
        check(found, good("list with every query parameter", get("/orders?status=CANCELLED&limit=1&next_token=" + token), 200));
        Exchange customerPage = check(found, good("a customer's orders, one a page", get("/orders?customer_id=cust-prism&limit=1"), 200));
        String customerToken = json.readTree(customerPage.body()).path("next_token").asText(null);
        assertTrue(customerToken != null, "a customer with several orders, one a page, has a next_token: " + customerPage.body());
        check(found, good("a customer's orders, next page", get("/orders?customer_id=cust-prism&limit=1&next_token=" + customerToken), 200));
        check(found, good("a customer's cancelled orders", get("/orders?customer_id=cust-prism&status=CANCELLED&limit=100"), 200));

        // Documented refusals of well-formed requests: their answers must match the document too.
        check(found, good("an unknown order (404)", get("/orders/no-such-order"), 404));
        String key = "prism-" + UUID.randomUUID();
        check(found, good("place under a key", post("/orders", ORDER, "Idempotency-Key", key), 201));
        check(found, good("another order under the same key (409)", post("/orders", ORDER.replace("\"quantity\": 1", "\"quantity\": 2"), "Idempotency-Key", key), 409));
        check(found, good("a webhook with a bad signature (401)", webhook("t=1700000000,v1=" + "0".repeat(64)), 401));

        assertEquals(List.of(), found, "Prism found violations (its log: " + log + ")");
    }

    /** Requests the server refuses: Prism must flag each, and the server's refusal must match the document. */
    @Test
    void badRequestsAreFlaggedByPrismAndRefusedByTheServer() throws Exception {
        List<String> found = new ArrayList<>();
        List<Case> cases = List.of(
                bad("missing field (no customer)", post("/orders", ORDER.replaceFirst("\"customer\": \\{[^}]*},", "")), 400),
                bad("wrong type (quantity \"two\")", post("/orders", ORDER.replace("\"quantity\": 1", "\"quantity\": \"two\"")), 400),
                bad("bad pattern (country \"us\")", post("/orders", ORDER.replace("\"US\"", "\"us\"")), 400),
                bad("too many items (51)", post("/orders", ORDER.replaceFirst("\\[(\\{[^]]*})]", "[" + "$1,".repeat(50) + "$1]")), 400),
                bad("limit 0", get("/orders?limit=0"), 400),
                bad("limit 101", get("/orders?limit=101"), 400),
                bad("limit not a number", get("/orders?limit=ten"), 400),
                bad("unknown status", get("/orders?status=SHIPPED"), 400),
                bad("wrong content type (text/plain)", request("/orders").header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(ORDER)), 415),
                bad("unknown field (coupon)", post("/orders", ORDER.replaceFirst("\\{", "{\"coupon\": \"FREE\", ")), 400),
                bad("unknown field in a cancel (extra)", post("/orders/any-order/cancel", "{\"reason\": \"r\", \"extra\": 1}"), 400),
                bad("pattern matched only in part (country \"USA\")", post("/orders", ORDER.replace("\"US\"", "\"USA\"")), 400),
                bad("pattern matched only in part (Idempotency-Key with a space)", post("/orders", ORDER, "Idempotency-Key", "a b"), 400),
                bad("unknown payment method (bitcoin)", post("/orders", ORDER.replace("\"credit_card\"", "\"bitcoin\"")), 400),
                bad("customer_id with a space", get("/orders?customer_id=a%20b"), 400));
        for (Case c : cases) {
            Exchange exchange = exchange(c);
            List<String> requestViolations = exchange.violations("request");
            List<String> responseViolations = exchange.violations("response");
            System.out.printf("prism: %-60s server %d, request violations %d, response violations %d%n", c.name(), exchange.status(),
                    requestViolations.size(), responseViolations.size());
            if (exchange.status() != c.expectedStatus()) {
                found.add(c.name() + ": the server answered " + exchange.status() + ", not " + c.expectedStatus() + ": " + exchange.body());
            }
            if (!responseViolations.isEmpty()) {
                found.add(c.name() + ": the server's refusal does not match the document: " + responseViolations);
            }
            if (requestViolations.isEmpty()) {
                found.add(c.name() + ": the server refuses it, but the document allows it (Prism let it through)");
            }
        }
        System.out.println("prism: " + cases.size() + " bad requests, " + found.size() + " problems");
        assertEquals(List.of(), found, "(Prism's log: " + log + ")");
    }

    private record Case(String name, HttpRequest.Builder request, int expectedStatus, boolean good) {
    }

    private record Exchange(int status, String body, JsonNode violations) {
        List<String> violations(String direction) {
            List<String> said = new ArrayList<>();
            violations.forEach(v -> {
                if (v.path("location").path(0).asText().equals(direction)) {
                    said.add(v.path("severity").asText() + " " + v.path("location") + " " + v.path("message").asText());
                }
            });
            return said;
        }
    }

    private static Case good(String name, HttpRequest.Builder request, int status) {
        return new Case(name, request, status, true);
    }

    private static Case bad(String name, HttpRequest.Builder request, int status) {
        return new Case(name, request, status, false);
    }

    /** Sends a good request: any violation, either way, or another status than the expected one, is noted in {@code found}. */
    private Exchange check(List<String> found, Case c) throws Exception {
        Exchange exchange = exchange(c);
        System.out.printf("prism: %-60s server %d, violations %d%n", c.name(), exchange.status(), exchange.violations().size());
        if (exchange.status() != c.expectedStatus()) {
            found.add(c.name() + ": answered " + exchange.status() + ", not " + c.expectedStatus() + ": " + exchange.body());
        }
        if (!exchange.violations().isEmpty()) {
            found.add(c.name() + ": " + exchange.violations());
        }
        return exchange;
    }

    private Exchange exchange(Case c) throws Exception {
        HttpResponse<String> response = http.send(c.request().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode violations = json.readTree(response.headers().firstValue("sl-violations").orElse("[]"));
        return new Exchange(response.statusCode(), response.body(), violations);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", SIGNED);
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, String body, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The payment provider's callback: not SigV4-signed (the document asks nothing of it), HMAC-signed instead. */
    private HttpRequest.Builder webhook(String signature) {
        return HttpRequest.newBuilder(proxy.resolve("/payments/webhook")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Payment-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\": \"evt_prism\", \"type\": \"payment.succeeded\", \"data\": {\"order_id\": \"o-1\", \"reference\": \"pay_1\", \"amount\": 1.00}}"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until Prism accepts connections (npx may first have to download it); fails if it exits first. */
    private void awaitListening(int port, Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!prism.isAlive()) {
                throw new AssertionError("Prism exited with " + prism.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("Prism did not listen on " + port + " within " + patience + ":\n" + Files.readString(log));
    }
}
