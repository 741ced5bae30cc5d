package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the Jetty bridge, as a curl user sees it: a throttled order is a 503 problem with Retry-After, nothing is
 * stored, and the same request with the same key succeeds once storage recovers (the local run's callers are the one
 * anonymous caller, so the key is the one it always was).
 */
class StorageUnavailableOverHttpTest {

    private static final String ORDER = """
            {"customer": {"customer_id": "cust-1", "email": "c@example.com", "name": "C"},
             "items": [{"product_id": "product-3", "quantity": 1, "unit_price": 149.50}],
             "shipping_address": {"street": "1 Main St", "city": "Town", "postal_code": "12345", "country": "US"},
             "payment": {"payment_method": "credit_card"}}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aThrottledOrderIsA503WithRetryAfterAndTheRetryPlacesIt() throws Exception {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0))) {
            int throttledBefore = ThrottledOrderWrites.refused();
            HttpResponse<String> refused;
            ThrottledOrderWrites.on(system.tables().orders());
            try {
                refused = post(system.apiUrl(), "local-throttled-1");
            } finally {
                ThrottledOrderWrites.off();
            }

            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
            int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After: " + retryAfter);
            JsonNode problem = json.readTree(refused.body());
            assertEquals(503, problem.get("status").asInt());
            assertTrue(problem.get("detail").asText().contains("busy"), problem.toString());
            assertTrue(ThrottledOrderWrites.refused() > throttledBefore);
            assertEquals(0, orderItems(system), "nothing stored");

            HttpResponse<String> retried = post(system.apiUrl(), "local-throttled-1");
            assertEquals(201, retried.statusCode(), retried.body());
            String orderId = json.readTree(retried.body()).get("order_id").asText();
            assertEquals(200, http.send(HttpRequest.newBuilder(system.apiUrl().resolve("/orders/" + orderId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private HttpResponse<String> post(URI api, String idempotencyKey) throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve("/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int orderItems(LocalSystem system) {
        return system.dynamoDb().scan(scan -> scan.tableName(system.tables().orders()).select(Select.COUNT)).count();
    }
}
