package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
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

/** {@code POST /orders/{order_id}/cancel} through the Lambda handler, as API Gateway sends it. */
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
    void aCancelWithNoBodyAtAllCancelsThePendingOrder() {
        String orderId = place();

        APIGatewayProxyResponseEvent cancelled = api.send("POST", "/orders/" + orderId + "/cancel", null, Map.of());

        assertEquals(202, cancelled.getStatusCode(), cancelled.getBody());
        assertEquals("CANCELLED", Json.parse(cancelled.getBody()).get("status").asText());
    }

    @Test
    void aCancelWithAReasonCancelsAndACancelAgainIsAcceptedAsIs() {
        String orderId = place();

        APIGatewayProxyResponseEvent cancelled = api.postJson("/orders/" + orderId + "/cancel", "{\"reason\": \"ordered twice\"}");
        APIGatewayProxyResponseEvent again = api.send("POST", "/orders/" + orderId + "/cancel", null, Map.of());

        assertEquals(202, cancelled.getStatusCode(), cancelled.getBody());
        assertEquals("CANCELLED", Json.parse(cancelled.getBody()).get("status").asText());
        assertEquals(202, again.getStatusCode(), again.getBody());
    }

    @Test
    void aBodyWithAnotherFieldIsRefusedAndCancelsNothing() {
        String orderId = place();

        APIGatewayProxyResponseEvent refused = api.postJson("/orders/" + orderId + "/cancel", "{\"why\": \"changed my mind\"}");

        assertEquals(400, refused.getStatusCode(), refused.getBody());
        assertEquals(Problem.MEDIA_TYPE, refused.getHeaders().get("Content-Type"));
        assertEquals("PENDING", Json.parse(api.get("/orders/" + orderId).getBody()).get("status").asText());
    }

    @Test
    void anUnknownOrderIs404() {
        APIGatewayProxyResponseEvent unknown = api.send("POST", "/orders/00000000-0000-4000-8000-000000000000/cancel", null, Map.of());

        assertEquals(404, unknown.getStatusCode(), unknown.getBody());
        assertEquals(Problem.MEDIA_TYPE, unknown.getHeaders().get("Content-Type"));
    }

    private String place() {
        APIGatewayProxyResponseEvent created = api.postJson("/orders", OrderRequests.valid());
        assertEquals(201, created.getStatusCode(), created.getBody());
        return Json.parse(created.getBody()).get("order_id").asText();
    }
}
