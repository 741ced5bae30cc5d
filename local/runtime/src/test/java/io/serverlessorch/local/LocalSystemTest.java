package io.serverlessorch.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local run over real HTTP: what a user's curl sees. */
class LocalSystemTest {

    private static final String ORDER = """
            {"customer": {"customer_id": "cust-1", "email": "c@example.com", "name": "C"},
             "items": [{"product_id": "product-3", "quantity": 1, "unit_price": 149.50}],
             "shipping_address": {"street": "1 Main St", "city": "Town", "postal_code": "12345", "country": "US"},
             "payment": {"payment_method": "credit_card"}}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    @Test
    void servesTheOrderApiOverHttp() throws Exception {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            HttpResponse<String> created = post(system.apiUrl(), ORDER);
            assertEquals(201, created.statusCode(), created.body());
            String orderId = json.readTree(created.body()).get("order_id").asText();
            assertEquals("/orders/" + orderId, created.headers().firstValue("Location").orElseThrow());

            HttpResponse<String> read = get(system.apiUrl().resolve("/orders/" + orderId));
            assertEquals(200, read.statusCode());
            assertEquals("149.50", json.readTree(read.body()).get("total").decimalValue().toPlainString());

            JsonNode pending = json.readTree(get(system.apiUrl().resolve("/orders?status=PENDING")).body());
            assertEquals(orderId, pending.get("orders").get(0).get("order_id").asText());

            assertEquals(200, get(system.apiUrl().resolve("/health")).statusCode());
            assertTrue(get(system.apiUrl().resolve("/openapi/openapi.yml")).body().contains("/orders"));
            // DynamoDB Local takes any credentials: by default nothing but this machine may reach it.
            assertTrue(system.dynamoDbListeningOn().getAddress().isLoopbackAddress(), system.dynamoDbListeningOn().toString());
            assertEquals(system.dynamoDbEndpoint().getPort(), system.dynamoDbListeningOn().getPort());
        }
    }

    @Test
    void badInputOverHttpIsAProblem() throws Exception {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            HttpResponse<String> malformed = post(system.apiUrl(), "{\"customer\":");
            assertEquals(400, malformed.statusCode());
            assertEquals("application/problem+json", malformed.headers().firstValue("Content-Type").orElseThrow());

            HttpResponse<String> oversized = post(system.apiUrl(), ORDER.replace("\"C\"", "\"" + "C".repeat(100_000) + "\""));
            assertEquals(413, oversized.statusCode());

            // Refused by its declared length alone: only the head is sent, since the answer may come (and the
            // connection close) while a client is still writing the body.
            String tooLargeForTheGateway = headOnly(system.apiUrl(), ApiGatewayHttpBridge.MAX_PAYLOAD_BYTES + 1);
            assertTrue(tooLargeForTheGateway.startsWith("HTTP/1.1 413"), tooLargeForTheGateway);

            assertEquals(0, json.readTree(get(system.apiUrl().resolve("/orders")).body()).get("orders").size());
        }
    }

    @Test
    void seedsTheSampleCatalog() {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            var catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
            assertEquals(new BigDecimal("19.99"), catalog.find("product-1").orElseThrow().unitPrice());
            assertEquals(10, catalog.find("product-limited").orElseThrow().stock());
            assertEquals(0, catalog.find("product-soldout").orElseThrow().stock());
            assertEquals(SampleCatalog.PLENTY, catalog.find("product-3").orElseThrow().stock());
        }
    }

    @Test
    void aRestartKeepsOrdersAndStock(@TempDir Path dataDir) throws Exception {
        String orderId;
        try (LocalSystem first = LocalSystem.start(new LocalSystem.Options(0, dataDir, 0))) {
            orderId = json.readTree(post(first.apiUrl(), ORDER).body()).get("order_id").asText();
            var catalog = new DynamoCatalogRepository(first.dynamoDb(), first.tables().catalog());
            Product limited = catalog.find("product-limited").orElseThrow();
            catalog.save(Product.stocked(limited.productId(), limited.name(), limited.unitPrice(), 3));
        }
        try (LocalSystem second = LocalSystem.start(new LocalSystem.Options(0, dataDir, 0))) {
            HttpResponse<String> read = get(second.apiUrl().resolve("/orders/" + orderId));
            assertEquals(200, read.statusCode(), read.body());
            var catalog = new DynamoCatalogRepository(second.dynamoDb(), second.tables().catalog());
            assertEquals(3, catalog.find("product-limited").orElseThrow().stock(), "seeding does not reset stock");
        }
    }

    @Test
    void optionsComeFromFlags() {
        LocalSystem.Options options = LocalRun.parse(new String[]{"--port", "9090", "--in-memory", "--dynamodb-port", "0"});
        assertEquals(9090, options.port());
        assertEquals(null, options.dataDir());
        assertEquals(Path.of("/tmp/orch"), LocalRun.parse(new String[]{"--data-dir", "/tmp/orch"}).dataDir());
        Assertions.assertThrows(IllegalArgumentException.class, () -> LocalRun.parse(new String[]{"--port", "http"}));
        Assertions.assertThrows(IllegalArgumentException.class, () -> LocalRun.parse(new String[]{"--port"}));
        Assertions.assertThrows(IllegalArgumentException.class, () -> LocalRun.parse(new String[]{"--bogus"}));
    }

    @Test
    void stoppingAnswersEveryRequestItStoredAnOrderFor(@TempDir Path data) throws Exception {
        // An API that stores the order and takes a while to answer, so that the stop finds answers on their way.
        CountDownLatch stored = new CountDownLatch(10);
        Faults slowAnswers = new Faults(UnaryOperator.identity(), UnaryOperator.identity(), api -> (request, context) -> {
            var response = api.handleRequest(request, context);
            stored.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return response;
        });
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, data, 0, LocalEventSourceMapping.Settings.defaults(), slowAnswers))) {
            for (int i = 0; i < 30; i++) {
                posts.add(http.sendAsync(HttpRequest.newBuilder(system.apiUrl().resolve("/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(stored.await(60, TimeUnit.SECONDS), "orders are being stored");
        } // stopped while answers are on their way
        int created = 0;
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            try {
                int status = post.join().statusCode();
                assertTrue(status == 201 || status == 503, "answered " + status);
                created += status == 201 ? 1 : 0;
            } catch (CompletionException notConnected) {
                // a request that reached the server after it stopped taking connections: stored nothing
            }
        }
        try (LocalSystem again = LocalSystem.start(new LocalSystem.Options(0, data, 0))) {
            JsonNode kept = json.readTree(get(again.apiUrl().resolve("/orders?limit=100")).body()).get("orders");
            assertEquals(created, kept.size(), "every stored order's client got its 201");
        }
    }

    private HttpResponse<String> post(URI api, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api.resolve("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends only the head of a POST declaring {@code length} bytes of body; returns the answer's status line. */
    private static String headOnly(URI api, long length) throws IOException {
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /orders HTTP/1.1\r\nHost: " + api.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
