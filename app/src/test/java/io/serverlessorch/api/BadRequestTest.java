package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.Json;
import io.serverlessorch.support.OrderRequests;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What a careless client or an attacker may send. Each gets a 4xx problem that says what is wrong, and
 * nothing is stored.
 */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

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

    static String item(String product, String quantity, String price) {
        return OrderRequests.withItems("[{\"product_id\": " + product + ", \"quantity\": " + quantity + ", \"unit_price\": " + price + "}]");
    }

    static String replacing(String target, String replacement) {
        String valid = OrderRequests.valid();
        if (!valid.contains(target)) {
            throw new IllegalArgumentException(target);
        }
        return valid.replace(target, replacement);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // Not JSON, or not an object
                arguments("malformed JSON", "{\"customer\": ", 400, "line 1"),
                arguments("empty body", "", 400, "body"),
                arguments("JSON null", "null", 400, "body"),
                arguments("array instead of object", "[]", 400, "expected an object but found an array"),
                arguments("empty object", "{}", 400, "customer"),
                // Unknown fields
                arguments("unknown top-level field", replacing("\"customer\":", "\"discount\": 100, \"customer\":"), 400, "unknown field 'discount'"),
                arguments("unknown nested field", item("\"p\"", "1", "1.00").replace("\"unit_price\"", "\"total\": 0, \"unit_price\""), 400, "unknown field 'total'"),
                // Wrong types
                arguments("quantity as string", item("\"p\"", "\"2\"", "1.00"), 400, "quantity: must be a whole number, not a string"),
                arguments("fractional quantity", item("\"p\"", "2.5", "1.00"), 400, "quantity: must be a whole number"),
                arguments("quantity as boolean", item("\"p\"", "true", "1.00"), 400, "quantity"),
                arguments("price as string", item("\"p\"", "1", "\"19.99\""), 400, "unit_price: must be a number"),
                arguments("price as object", item("\"p\"", "1", "{}"), 400, "unit_price"),
                arguments("product id as number", item("42", "1", "1.00"), 400, "product_id: must be a string"),
                arguments("name as array", replacing("\"John Doe\"", "[\"John\"]"), 400, "name: must be a string"),
                arguments("items as object", OrderRequests.withItems("{}"), 400, "expected an array but found an object"),
                arguments("customer as string", replacing("{\"customer_id\": \"cust-12345\", \"email\": \"customer@example.com\", \"name\": \"John Doe\"}", "\"cust\""), 400, "expected an object but found a string (line 2"),
                // Missing or empty
                arguments("no items", OrderRequests.withItems("[]"), 400, "items"),
                arguments("null item", OrderRequests.withItems("[null]"), 400, "items"),
                arguments("missing customer", replacing("\"customer\": {\"customer_id\": \"cust-12345\", \"email\": \"customer@example.com\", \"name\": \"John Doe\"},", ""), 400, "customer"),
                arguments("blank customer id", replacing("\"cust-12345\"", "\"\""), 400, "customer.customer_id"),
                arguments("missing quantity", OrderRequests.withItems("[{\"product_id\": \"p\", \"unit_price\": 1.00}]"), 400, "items[0].quantity"),
                arguments("missing payment method", replacing("\"payment_method\": \"credit_card\", ", ""), 400, "payment.payment_method"),
                arguments("blank street", replacing("\"123 Main St\"", "\"  \""), 400, "shipping_address.street"),
                // Out of range
                arguments("zero quantity", item("\"p\"", "0", "1.00"), 400, "items[0].quantity"),
                arguments("negative quantity", item("\"p\"", "-3", "1.00"), 400, "items[0].quantity"),
                arguments("huge quantity", item("\"p\"", "1000000", "1.00"), 400, "items[0].quantity"),
                arguments("quantity beyond int", item("\"p\"", "1e30", "1.00"), 400, "quantity"),
                arguments("zero price", item("\"p\"", "1", "0"), 400, "items[0].unit_price"),
                arguments("negative price", item("\"p\"", "1", "-19.99"), 400, "items[0].unit_price"),
                arguments("huge price", item("\"p\"", "1", "99999999999"), 400, "items[0].unit_price"),
                arguments("sub-cent price", item("\"p\"", "1", "19.999"), 400, "items[0].unit_price"),
                arguments("price beyond double", item("\"p\"", "1", "1e400"), 400, "unit_price"),
                arguments("too many items", OrderRequests.withItems(manyItems(51)), 400, "items"),
                arguments("same product twice", OrderRequests.withItems(
                        "[{\"product_id\": \"p\", \"quantity\": 1, \"unit_price\": 1}, {\"product_id\": \"p\", \"quantity\": 1, \"unit_price\": 1}]"), 400, "each product_id may appear on one line only"),
                // Malformed values
                arguments("bad email", replacing("customer@example.com", "not-an-email"), 400, "customer.email"),
                arguments("overlong name", replacing("John Doe", "J".repeat(201)), 400, "customer.name"),
                arguments("overlong product id", item("\"" + "p".repeat(65) + "\"", "1", "1.00"), 400, "items[0].product_id"),
                arguments("product id with spaces", item("\"product 1\"", "1", "1.00"), 400, "items[0].product_id"),
                arguments("unknown payment method", replacing("credit_card", "iou"), 400, "payment.payment_method"),
                arguments("bad card token", replacing("tok_visa", "tok visa; drop table"), 400, "payment.card_token"),
                arguments("bad country", replacing("\"US\"", "\"United States\""), 400, "shipping_address.country"),
                arguments("lower-case country", replacing("\"US\"", "\"us\""), 400, "shipping_address.country"),
                arguments("oversized body", replacing("\"John Doe\"", "\"" + "J".repeat(70_000) + "\""), 413, "65536"),
                // Strict bytes: one document, no duplicate keys, no characters that have no business in an order
                arguments("text after the document", OrderRequests.valid() + " trailing", 400, "one JSON document"),
                arguments("two documents", OrderRequests.valid() + OrderRequests.valid(), 400, "one JSON document"),
                arguments("a key twice", replacing("\"customer\":", "\"customer\": null, \"customer\":"), 400, "the key 'customer' appears twice"),
                arguments("NUL in a name", replacing("John Doe", "John\\u0000Doe"), 400, "holds the control character"),
                arguments("newline in a street", replacing("123 Main St", "123 Main St\\nApt 4"), 400, "holds the control character"),
                arguments("raw control character in a city", replacing("\"Anytown\"", "\"Any\u0007town\""), 400, "body"),
                arguments("lone surrogate in a name", replacing("John Doe", "John\\ud800Doe"), 400, "lone surrogate"),
                arguments("bytes that were not UTF-8", replacing("John Doe", "John \uFFFD Doe"), 400, "U+FFFD"),
                arguments("quantity with a decimal point", item("\"p\"", "2.0", "1.00"), 400, "quantity: must be a whole number written as digits only"),
                arguments("quantity with an exponent", item("\"p\"", "1E2", "1.00"), 400, "quantity: must be a whole number written as digits only"),
                arguments("NaN as a price", item("\"p\"", "1", "NaN"), 400, "items: Non-standard token 'NaN'"),
                arguments("a quantity with a leading zero", item("\"p\"", "02", "1.00"), 400, "items: Invalid numeric value"),
                arguments("a line separator in a name", replacing("John Doe", "John\\u2028Doe"), 400, "line or paragraph separator"),
                arguments("a bidirectional override in a name", replacing("John Doe", "John\\u202EDoe"), 400, "bidirectional control"),
                arguments("a price 1,500 arrays deep", item("\"p\"", "1", "[".repeat(1500) + "1" + "]".repeat(1500)), 400, "not a valid request"),
                arguments("a price of 60,000 digits", item("\"p\"", "1", "9".repeat(60_000)), 400, "not a valid request"),
                arguments("name over 200 characters", replacing("John Doe", "\uD83D\uDE42".repeat(201)), 400, "customer.name"));
    }

    private static String manyItems(int count) {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            items.append(i == 0 ? "" : ",").append("{\"product_id\": \"p").append(i).append("\", \"quantity\": 1, \"unit_price\": 1}");
        }
        return items.append("]").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIsAProblemAndStoresNothing(String name, String body, int status, String mentions) {
        assertRejected(api.send("POST", "/orders", body, JSON), status, mentions);
    }

    static Stream<Arguments> badRequests() {
        String valid = OrderRequests.valid();
        return Stream.of(
                arguments("text/plain body", "POST", "/orders", valid, Map.of("Content-Type", "text/plain"), 415, "text/plain"),
                arguments("form body", "POST", "/orders", "customer=x", Map.of("Content-Type", "application/x-www-form-urlencoded"), 415, "x-www-form-urlencoded"),
                arguments("wrong method on the collection", "DELETE", "/orders", null, Map.of(), 405, "DELETE"),
                arguments("wrong method with a body and no type", "DELETE", "/orders", "{}", Map.of(), 405, "DELETE"),
                arguments("wrong method on an order", "PUT", "/orders/5b0c3f5e-0000-4000-8000-000000000000", valid, JSON, 405, "PUT"),
                arguments("unknown path", "GET", "/customers", null, Map.of(), 404, "Not Found"),
                arguments("idempotency key with spaces", "POST", "/orders", valid,
                        Map.of("Content-Type", "application/json", "Idempotency-Key", "has spaces"), 400, "Idempotency-Key"),
                arguments("overlong idempotency key", "POST", "/orders", valid,
                        Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(256)), 400, "Idempotency-Key"),
                arguments("unknown status", "GET", "/orders?status=SHIPPED", null, Map.of(), 400, "SHIPPED"),
                arguments("lower-case status", "GET", "/orders?status=pending", null, Map.of(), 400, "pending"),
                arguments("zero limit", "GET", "/orders?limit=0", null, Map.of(), 400, "limit"),
                arguments("limit above 100", "GET", "/orders?limit=101", null, Map.of(), 400, "limit"),
                arguments("negative limit", "GET", "/orders?limit=-1", null, Map.of(), 400, "limit"),
                arguments("limit not a number", "GET", "/orders?limit=ten", null, Map.of(), 400, "limit"),
                arguments("garbage token", "GET", "/orders?next_token=garbage", null, Map.of(), 400, "next_token"),
                arguments("no Content-Type", "POST", "/orders", valid, Map.of(), 415, "Content-Type: application/json"),
                arguments("a charset other than UTF-8", "POST", "/orders", valid, Map.of("Content-Type", "application/json; charset=UTF-16LE"), 415,
                        "Send the body as UTF-8"),
                arguments("a compressed body", "POST", "/orders", valid, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"), 415,
                        "Content-Encoding gzip is not supported"),
                arguments("limit twice in different case", "GET", "/orders?limit=1&LIMIT=3", null, Map.of(), 400, "once"),
                arguments("deleting the OpenAPI document", "DELETE", "/openapi/openapi.yml", null, Map.of(), 405, "DELETE is not allowed"),
                arguments("control character in a header", "GET", "/orders", null, Map.of("X-Note", "a\u0001b"), 400, "X-Note"),
                arguments("control character in a query value", "GET", "/orders?status=PEN%00DING", null, Map.of(), 400, "status"),
                arguments("unknown method", "PROPFIND", "/orders", null, Map.of(), 405, "PROPFIND is not allowed on /orders"),
                arguments("limit in words", "GET", "/orders?limit=ten", null, Map.of(), 400, "limit must be a whole number from 1 to 100, not 'ten'"),
                arguments("an empty limit", "GET", "/orders?limit=", null, Map.of(), 400, "limit must be a whole number from 1 to 100, not ''"),
                arguments("a limit with a plus sign", "GET", "/orders?limit=%2B5", null, Map.of(), 400, "not '+5'"),
                arguments("a limit with spaces", "GET", "/orders?limit=%205", null, Map.of(), 400, "not ' 5'"),
                arguments("status in capitals", "GET", "/orders?STATUS=COMPLETED", null, Map.of(), 400, "Unknown query parameter 'STATUS'"),
                arguments("an unknown query parameter", "GET", "/orders?customer=c-1", null, Map.of(), 400, "takes status, limit, next_token"),
                arguments("token with a forged key", "GET", "/orders?next_token=" + Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("v1|*|2026-01-01T00:00:00.000Z|../../etc".getBytes()), null, Map.of(), 400, "next_token"),
                // One customer's orders: the id as an order's body takes it, and tokens of that listing only
                arguments("customer_id with a space", "GET", "/orders?customer_id=cust%2012", null, Map.of(), 400,
                        "customer_id must be 1 to 64 letters, digits, '_' or '-', not 'cust 12'"),
                arguments("customer_id with a slash", "GET", "/orders?customer_id=cust%2F12", null, Map.of(), 400, "customer_id"),
                arguments("customer_id with a quote", "GET", "/orders?customer_id=cust%2712", null, Map.of(), 400, "customer_id"),
                arguments("an empty customer_id", "GET", "/orders?customer_id=", null, Map.of(), 400, "customer_id must be 1 to 64"),
                arguments("a customer_id of 65 characters", "GET", "/orders?customer_id=" + "c".repeat(65), null, Map.of(), 400, "customer_id must be 1 to 64"),
                arguments("a non-ASCII customer_id", "GET", "/orders?customer_id=caf%C3%A9", null, Map.of(), 400, "customer_id"),
                arguments("customer_id in another case", "GET", "/orders?Customer_Id=c-1", null, Map.of(), 400, "Unknown query parameter 'Customer_Id'"),
                arguments("a customer listing's token without customer_id", "GET", "/orders?next_token=" + token("customer/cust-1/*"), null, Map.of(), 400,
                        "next_token belongs to another listing"),
                arguments("a customer listing's token for another customer", "GET", "/orders?customer_id=cust-2&next_token=" + token("customer/cust-1/*"),
                        null, Map.of(), 400, "next_token belongs to another listing"),
                arguments("a customer listing's token with another status", "GET", "/orders?customer_id=cust-1&status=PENDING&next_token="
                        + token("customer/cust-1/*"), null, Map.of(), 400, "next_token belongs to another listing"),
                arguments("an all-orders token with customer_id", "GET", "/orders?customer_id=cust-1&next_token=" + token("*"), null, Map.of(), 400,
                        "next_token belongs to another listing"),
                arguments("a status token with customer_id", "GET", "/orders?customer_id=cust-1&status=PENDING&next_token=" + token("PENDING"),
                        null, Map.of(), 400, "next_token belongs to another listing"));
    }

    /** A well-formed token of the listing {@code scope}, as the API hands out (scopes: decision #9 and #40). */
    private static String token(String scope) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + scope + "|2026-01-01T00:00:00.000Z|5b0c3f5e-0000-4000-8000-000000000000").getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestIsAProblemAndStoresNothing(String name, String method, String path, String body, Map<String, String> headers,
                                               int status, String mentions) {
        assertRejected(api.send(method, path, body, headers), status, mentions);
    }

    static Stream<Arguments> ambiguousRequests() {
        String valid = OrderRequests.valid();
        Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
        return Stream.of(
                arguments("Content-Type twice", "/orders", valid,
                        Map.of("Content-Type", List.of("application/json", "text/plain")), 400, "Send the Content-Type header once"),
                arguments("Idempotency-Key twice", "/orders", valid, Map.of("Content-Type", List.of("application/json"),
                        "Idempotency-Key", List.of("key-1", "key-2")), 400, "Send the Idempotency-Key header once"),
                arguments("a chunked body over the limit", "/orders", replacing("\"John Doe\"", "\"" + "J".repeat(70_000) + "\""),
                        Map.of("Content-Type", List.of("application/json"), "Transfer-Encoding", List.of("chunked")), 413, "65536"),
                arguments("limit twice", "/orders?limit=1&limit=100", null, json, 400, "Give the query parameter 'limit' once"),
                arguments("customer_id twice", "/orders?customer_id=cust-1&customer_id=cust-2", null, json, 400,
                        "Give the query parameter 'customer_id' once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousRequests")
    void aValueGivenTwiceOrABodyOverTheLimitIsAProblem(String name, String path, String body, Map<String, List<String>> headers,
                                                      int status, String mentions) {
        assertRejected(api.sendAll(body == null ? "GET" : "POST", path, body, headers), status, mentions);
    }

    @Test
    void twentyOneThousandEmptyLinesAreOneErrorAndNoLineIsLookedAt() {
        // 63 KB, under the body limit: every line would have three errors, each hashing the whole request.
        String emptyLines = "[" + String.join(",", java.util.Collections.nCopies(21_000, "{}")) + "]";

        APIGatewayProxyResponseEvent response = api.postJson("/orders", OrderRequests.withItems(emptyLines));

        assertRejected(response, 400, "must hold between 1 and 50 items");
        JsonNode errors = Json.parse(response.getBody()).get("errors");
        assertEquals(1, errors.size(), response.getBody());
        assertEquals("items", errors.get(0).get("field").asText());
    }

    @Test
    void fiftyBadLinesNameTheFirstHundredErrorsAndCountTheRest() {
        String badLines = "[" + String.join(",", java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "{\"product_id\": \"p " + i + "\", \"quantity\": 0, \"unit_price\": 0}").toList()) + "]";

        APIGatewayProxyResponseEvent response = api.postJson("/orders", OrderRequests.withItems(badLines));

        assertRejected(response, 400, "errors names the first 100 of 150 problems");
        assertEquals(ProblemErrorResponseProcessor.MOST_FIELD_ERRORS, Json.parse(response.getBody()).get("errors").size());
    }

    private void assertRejected(APIGatewayProxyResponseEvent response, int status, String mentions) {
        JsonNode problem = OrderApiTest.assertProblem(status, response);
        for (String internal : List.of("Exception", "java.", "io.micronaut", "io.serverlessorch", "class ", "`", "Constraints", "Failed to convert", "CUSTOM", "Argument")) {
            assertFalse(response.getBody().contains(internal), () -> "the problem names an internal (" + internal + "): " + response.getBody());
        }
        assertTrue(response.getBody().contains(mentions), () -> "expected the problem to mention '" + mentions + "': " + response.getBody());
        if (problem.has("errors")) {
            problem.get("errors").forEach(error -> assertTrue(error.hasNonNull("field") && error.hasNonNull("message"), error.toString()));
        }
        assertEquals(0, TestTables.countItems(dynamoDb, tables.orders()), "a rejected request stores nothing");
    }
}
