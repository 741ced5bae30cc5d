package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.storage.dynamodb.IndexKeys;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.Json;
import io.serverlessorch.support.OrderRequests;
import io.serverlessorch.support.StandardOutput;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order API through its Lambda handler, with API Gateway proxy events, on DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderApiTest {

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private ApiGateway api;

    @BeforeAll
    void start(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        api = new ApiGateway(endpoint, tables);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void eachNewOrderIsCountedOnceAsPlacedAndARetryOfItIsNot() {
        String key = "placed-count-" + System.nanoTime();
        List<String> lines = StandardOutput.linesWrittenBy(() -> {
            assertEquals(201, api.postJson("/orders", OrderRequests.valid(), key).getStatusCode());
            api.postJson("/orders", OrderRequests.valid(), key);
            assertEquals(400, api.postJson("/orders", "{}").getStatusCode());
        });

        List<JsonNode> placed = lines.stream().filter(line -> line.startsWith("{\"_aws\"")).map(Json::parse)
                .filter(document -> document.has("OrdersPlaced")).toList();
        assertEquals(1, placed.size(), lines.toString());
        assertEquals(1, placed.get(0).get("OrdersPlaced").asInt());
    }

    @Test
    void placedOrderIsPendingWithServerComputedTotalAndComesBackWithItsHistory() {
        APIGatewayProxyResponseEvent created = api.postJson("/orders", OrderRequests.valid());

        assertEquals(201, created.getStatusCode());
        JsonNode order = Json.parse(created.getBody());
        String orderId = order.get("order_id").asText();
        assertEquals("/orders/" + orderId, created.getHeaders().get("Location"));
        assertEquals("PENDING", order.get("status").asText());
        assertEquals("44.98", order.get("total").decimalValue().toPlainString());
        assertEquals("39.98", order.get("items").get(0).get("line_total").decimalValue().toPlainString());
        assertEquals("credit_card", order.get("payment").get("payment_method").asText());
        assertFalse(created.getBody().contains("tok_visa"), "the card token is never shown back");
        assertEquals(order.get("created_at"), order.get("updated_at"));

        APIGatewayProxyResponseEvent read = api.get("/orders/" + orderId);
        assertEquals(200, read.getStatusCode());
        JsonNode stored = Json.parse(read.getBody());
        assertEquals(orderId, stored.get("order_id").asText());
        assertEquals("44.98", stored.get("total").decimalValue().toPlainString());
        assertEquals("5.00", stored.get("items").get(1).get("unit_price").decimalValue().toPlainString(), "amounts keep their cents");
        assertEquals("cust-12345", stored.get("customer").get("customer_id").asText());
        assertEquals("US", stored.get("shipping_address").get("country").asText());
        JsonNode history = stored.get("history");
        assertEquals(1, history.size());
        assertEquals("PENDING", history.get(0).get("status").asText());
        assertEquals(order.get("created_at"), history.get(0).get("at"));
    }

    @Test
    void lengthsCountCharactersAsPeopleDo() {
        // 200 emoji are 200 characters but 400 UTF-16 units; the limit is 200 characters.
        String name = "\uD83D\uDE42".repeat(200);
        APIGatewayProxyResponseEvent created = api.postJson("/orders", OrderRequests.valid().replace("John Doe", name));

        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals(name, Json.parse(created.getBody()).get("customer").get("name").asText());
    }

    @Test
    void aJsonAnswerIsPlainUtf8WhateverTheAcceptHeaderAsks() {
        APIGatewayProxyResponseEvent listed = api.send("GET", "/orders?limit=1", null, Map.of("Accept", "application/json;charset=utf-16"));

        assertEquals(200, listed.getStatusCode(), listed.getBody());
        assertEquals("application/json", listed.getHeaders().get("Content-Type"));
    }

    @Test
    void moneyIsExactDecimal() {
        // 0.1 + 0.2 is 0.30000000000000004 in floating point; three lines of 0.10 must total exactly 0.30.
        JsonNode order = Json.parse(api.postJson("/orders", OrderRequests.withItems("""
                [{"product_id": "a", "quantity": 1, "unit_price": 0.1},
                 {"product_id": "b", "quantity": 1, "unit_price": 0.2},
                 {"product_id": "c", "quantity": 3, "unit_price": 333.33}]""")).getBody());

        assertEquals("1000.29", order.get("total").decimalValue().toPlainString());
    }

    @Test
    void listsByStatusNewestFirstAcrossPages() {
        TableNames own = TestTables.create(dynamoDb);
        try (ApiGateway fresh = new ApiGateway(TestTables.endpointOf(dynamoDb), own)) {
            List<String> placed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                placed.add(Json.parse(fresh.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText());
            }

            List<String> listed = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                APIGatewayProxyResponseEvent page = fresh.get("/orders?status=PENDING&limit=2" + (token == null ? "" : "&next_token=" + token));
                assertEquals(200, page.getStatusCode(), page.getBody());
                JsonNode body = Json.parse(page.getBody());
                body.get("orders").forEach(o -> listed.add(o.get("order_id").asText()));
                token = body.hasNonNull("next_token") ? body.get("next_token").asText() : null;
                pages++;
            } while (token != null);

            assertEquals(3, pages, "2 + 2 + 1, and no empty last page");
            List<String> newestFirst = new ArrayList<>(placed);
            Collections.reverse(newestFirst);
            assertEquals(newestFirst, listed);

            JsonNode all = Json.parse(fresh.get("/orders").getBody());
            assertEquals(5, all.get("orders").size());
            assertFalse(all.has("next_token"));
            assertEquals(placed.get(4), all.get("orders").get(0).get("order_id").asText());

            JsonNode none = Json.parse(fresh.get("/orders?status=COMPLETED").getBody());
            assertEquals(0, none.get("orders").size());
        }
    }

    @Test
    void listsOneCustomersOrdersNewestFirstAcrossPagesAndNoOneElses() {
        TableNames own = TestTables.create(dynamoDb);
        try (ApiGateway fresh = new ApiGateway(TestTables.endpointOf(dynamoDb), own)) {
            List<String> alices = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                alices.add(Json.parse(fresh.postJson("/orders", forCustomer("alice_01")).getBody()).get("order_id").asText());
                fresh.postJson("/orders", forCustomer("bob-02"));
            }
            String cancelled = alices.get(1);
            assertEquals(202, fresh.send("POST", "/orders/" + cancelled + "/cancel", null, Map.of()).getStatusCode());

            List<String> listed = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                APIGatewayProxyResponseEvent page = fresh.get("/orders?customer_id=alice_01&limit=2" + (token == null ? "" : "&next_token=" + token));
                assertEquals(200, page.getStatusCode(), page.getBody());
                JsonNode body = Json.parse(page.getBody());
                body.get("orders").forEach(o -> {
                    assertEquals("alice_01", o.get("customer").get("customer_id").asText(), o.toString());
                    listed.add(o.get("order_id").asText());
                });
                token = body.hasNonNull("next_token") ? body.get("next_token").asText() : null;
                pages++;
            } while (token != null);

            assertEquals(3, pages, "2 + 2 + 1, and no empty last page");
            List<String> newestFirst = new ArrayList<>(alices);
            Collections.reverse(newestFirst);
            assertEquals(newestFirst, listed);

            JsonNode onlyCancelled = Json.parse(fresh.get("/orders?customer_id=alice_01&status=CANCELLED").getBody());
            assertEquals(List.of(cancelled), ids(onlyCancelled));
            assertFalse(onlyCancelled.has("next_token"));
            assertEquals(0, Json.parse(fresh.get("/orders?customer_id=nobody").getBody()).get("orders").size());

            String alicesToken = Json.parse(fresh.get("/orders?customer_id=alice_01&limit=1").getBody()).get("next_token").asText();
            assertProblem(400, fresh.get("/orders?customer_id=bob-02&limit=1&next_token=" + alicesToken));
            assertProblem(400, fresh.get("/orders?limit=1&next_token=" + alicesToken));
            String allToken = Json.parse(fresh.get("/orders?limit=1").getBody()).get("next_token").asText();
            assertProblem(400, fresh.get("/orders?customer_id=alice_01&limit=1&next_token=" + allToken));
            assertEquals(alices.get(3), ids(Json.parse(fresh.get("/orders?customer_id=alice_01&limit=1&next_token=" + alicesToken).getBody())).get(0));
        }
    }

    private static String forCustomer(String customerId) {
        return OrderRequests.valid().replace("\"cust-12345\"", "\"" + customerId + "\"");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("orders").forEach(o -> ids.add(o.get("order_id").asText()));
        return ids;
    }

    @Test
    void aPageTokenWorksOnlyForTheListingThatGaveIt() {
        api.postJson("/orders", OrderRequests.valid());
        api.postJson("/orders", OrderRequests.valid());
        String token = Json.parse(api.get("/orders?status=PENDING&limit=1").getBody()).get("next_token").asText();

        assertProblem(400, api.get("/orders?limit=1&next_token=" + token));
        assertProblem(400, api.get("/orders?status=VALIDATED&limit=1&next_token=" + token));
        assertEquals(200, api.get("/orders?status=PENDING&limit=1&next_token=" + token).getStatusCode());
    }

    @Test
    void anUnreadableOrderItemIsLeftOutOfListingsCountedAndLoggedOnce() {
        TableNames own = TestTables.create(dynamoDb);
        try (ApiGateway fresh = new ApiGateway(TestTables.endpointOf(dynamoDb), own)) {
            String good = Json.parse(fresh.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();
            // Written by hand, newest of all, with no customer, lines or total: no Order can be made of it.
            dynamoDb.putItem(r -> r.tableName(own.orders()).item(Map.of(
                    "order_id", AttributeValue.fromS("damaged-order"),
                    "sk", AttributeValue.fromS("ORDER"),
                    "status", AttributeValue.fromS("PENDING"),
                    "created_at", AttributeValue.fromS("2999-01-01T00:00:00.000Z"),
                    "listing", AttributeValue.fromS(IndexKeys.DEFAULT.listingShard("damaged-order")))));

            List<APIGatewayProxyResponseEvent> listings = new ArrayList<>();
            List<String> metrics = new ArrayList<>();
            List<String> errors = StandardOutput.errorLinesWrittenBy(() -> metrics.addAll(StandardOutput.linesWrittenBy(() -> {
                listings.add(fresh.get("/orders"));
                listings.add(fresh.get("/orders?limit=1"));
            })));

            for (APIGatewayProxyResponseEvent listing : listings) {
                assertEquals(200, listing.getStatusCode(), listing.getBody());
                assertFalse(listing.getBody().contains("damaged-order"), listing.getBody());
            }
            assertEquals(good, Json.parse(listings.get(0).getBody()).get("orders").get(0).get("order_id").asText());
            assertEquals(1, errors.stream().filter(line -> line.contains("damaged-order") && line.contains("cannot be read")).count(), errors.toString());
            assertEquals(2, metrics.stream().filter(line -> line.startsWith("{\"_aws\"") && line.contains("UnreadableOrdersSkipped")).count(), metrics.toString());
        }
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnTheSameOrder() {
        TableNames own = TestTables.create(dynamoDb);
        try (ApiGateway fresh = new ApiGateway(TestTables.endpointOf(dynamoDb), own)) {
            APIGatewayProxyResponseEvent first = fresh.postJson("/orders", OrderRequests.valid(), "retry-me");
            APIGatewayProxyResponseEvent again = fresh.postJson("/orders", OrderRequests.valid(), "retry-me");

            assertEquals(201, first.getStatusCode());
            assertEquals(201, again.getStatusCode());
            assertEquals(Json.parse(first.getBody()), Json.parse(again.getBody()));
            assertEquals(1, TestTables.countItems(dynamoDb, own.orders()));
        }
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsAConflictAndStoresNothing() {
        String key = "conflict-" + System.nanoTime();
        String original = Json.parse(api.postJson("/orders", OrderRequests.valid(), key).getBody()).get("order_id").asText();
        int before = TestTables.countItems(dynamoDb, tables.orders());

        APIGatewayProxyResponseEvent reuse = api.postJson("/orders", OrderRequests.valid().replace("\"quantity\": 2", "\"quantity\": 3"), key);

        JsonNode problem = assertProblem(409, reuse);
        assertTrue(problem.get("detail").asText().contains(key));
        assertEquals(before, TestTables.countItems(dynamoDb, tables.orders()));
        assertEquals(2, Json.parse(api.get("/orders/" + original).getBody()).get("items").get(0).get("quantity").asInt());
    }

    @Test
    void tenConcurrentRequestsWithOneKeyPlaceOneOrder() throws Exception {
        TableNames own = TestTables.create(dynamoDb);
        try (ApiGateway fresh = new ApiGateway(TestTables.endpointOf(dynamoDb), own)) {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<APIGatewayProxyResponseEvent>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<APIGatewayProxyResponseEvent> post = () -> {
                    go.await();
                    return fresh.postJson("/orders", OrderRequests.valid(), "one-key-ten-requests");
                };
                results.add(pool.submit(post));
            }
            go.countDown();
            Set<String> orderIds = new HashSet<>();
            for (Future<APIGatewayProxyResponseEvent> result : results) {
                APIGatewayProxyResponseEvent response = result.get();
                assertEquals(201, response.getStatusCode(), response.getBody());
                orderIds.add(Json.parse(response.getBody()).get("order_id").asText());
            }
            pool.shutdown();

            assertEquals(1, orderIds.size());
            assertEquals(1, TestTables.countItems(dynamoDb, own.orders()));
        }
    }

    @Test
    void distinctKeysPlaceDistinctOrders() {
        String a = Json.parse(api.postJson("/orders", OrderRequests.valid(), "key-a-" + System.nanoTime()).getBody()).get("order_id").asText();
        String b = Json.parse(api.postJson("/orders", OrderRequests.valid(), "key-b-" + System.nanoTime()).getBody()).get("order_id").asText();
        assertNotEquals(a, b);
    }

    @Test
    void unknownOrderIsNotFound() {
        assertProblem(404, api.get("/orders/5b0c3f5e-0000-4000-8000-000000000000"));
        assertProblem(404, api.get("/orders/not-an-id"));
        assertProblem(404, api.get("/orders/" + "x".repeat(5000)));
    }

    @Test
    void healthIsUpWhenTheTableAnswers() {
        APIGatewayProxyResponseEvent health = api.get("/health");
        assertEquals(200, health.getStatusCode());
        assertEquals("UP", Json.parse(health.getBody()).get("status").asText());
    }

    @Test
    void healthIsUnavailableWhenTheTableIsMissing() {
        try (ApiGateway broken = new ApiGateway(TestTables.endpointOf(dynamoDb), new TableNames("no-such-table", "no-such-catalog"))) {
            assertProblem(503, broken.get("/health"));
        }
    }

    @Test
    void theOpenApiDocumentIsServed() {
        APIGatewayProxyResponseEvent doc = api.get("/openapi/openapi.yml");
        assertEquals(200, doc.getStatusCode());
        assertTrue(doc.getBody().contains("/orders/{order_id}"));
        assertTrue(doc.getBody().contains("ServerlessOrch Order API"));
    }

    static JsonNode assertProblem(int status, APIGatewayProxyResponseEvent response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        JsonNode problem = Json.parse(response.getBody());
        assertEquals(status, problem.get("status").asInt());
        assertNotNull(problem.get("title"));
        assertFalse(problem.get("detail").asText().isBlank());
        assertNull(problem.get("trace"));
        return problem;
    }
}
