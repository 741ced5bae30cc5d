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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /orders/{order_id}/cancel} through the Lambda handler: the body is optional, as documented. */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelOrderApiTest {

    private ApiGateway api;

    @BeforeAll
    void start(URI endpoint) {
        DynamoDbClient dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        api = new ApiGateway(endpoint, tables);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aCancelWithNoBodyAndNoContentTypeIsTaken() {
        // given
        String orderId = placed();

        // when
        APIGatewayProxyResponseEvent cancelled = api.send("POST", "/orders/" + orderId + "/cancel", null, Map.of());

        // then
        assertEquals(202, cancelled.getStatusCode(), cancelled::toString);
        assertEquals("CANCELLED", Json.parse(cancelled.getBody()).get("status").asText());
        assertEquals("cancelled by the customer", Json.parse(api.get("/orders/" + orderId).getBody()).get("status_reason").asText());
    }

    @Test
    void aCancelWithAnEmptyBodyAndNoContentTypeIsTaken() {
        // given
        String orderId = placed();

        // when: Content-Length: 0, as curl -X POST -d '' sends it
        APIGatewayProxyResponseEvent cancelled = api.send("POST", "/orders/" + orderId + "/cancel", "", Map.of());

        // then
        assertEquals(202, cancelled.getStatusCode(), cancelled::toString);
        assertEquals("CANCELLED", Json.parse(cancelled.getBody()).get("status").asText());
    }

    @Test
    void aCancelWithAReasonIsTakenWithItsReason() {
        // given
        String orderId = placed();

        // when
        APIGatewayProxyResponseEvent cancelled = api.postJson("/orders/" + orderId + "/cancel", "{\"reason\": \"changed my mind\"}");

        // then
        assertEquals(202, cancelled.getStatusCode(), cancelled::toString);
        JsonNode order = Json.parse(api.get("/orders/" + orderId).getBody());
        assertEquals("CANCELLED", order.get("status").asText());
        assertEquals("cancelled by the customer: changed my mind", order.get("status_reason").asText());
    }

    @Test
    void aCancelWithAnUnknownFieldIsRefusedAndTheOrderStaysPending() {
        // given
        String orderId = placed();

        // when
        APIGatewayProxyResponseEvent refused = api.postJson("/orders/" + orderId + "/cancel", "{\"reason\": \"x\", \"refund\": true}");

        // then
        assertEquals(400, refused.getStatusCode(), refused::toString);
        assertEquals("application/problem+json", refused.getHeaders().get("Content-Type"));
        assertEquals("PENDING", Json.parse(api.get("/orders/" + orderId).getBody()).get("status").asText());
    }

    private String placed() {
        APIGatewayProxyResponseEvent created = api.postJson("/orders", OrderRequests.valid());
        assertEquals(201, created.getStatusCode(), created::toString);
        return Json.parse(created.getBody()).get("order_id").asText();
    }
}
