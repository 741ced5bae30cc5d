package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.payments.WebhookSignature;
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
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cancel and the payment webhook through the API's Lambda handler, as API Gateway calls it. */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelAndWebhookApiTest {

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
    void aCancelWithNoBodyAndOneWithAReasonAreBothAccepted() {
        String first = Json.parse(api.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();
        String second = Json.parse(api.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();

        APIGatewayProxyResponseEvent bare = api.send("POST", "/orders/" + first + "/cancel", null, Map.of());
        APIGatewayProxyResponseEvent withReason = api.postJson("/orders/" + second + "/cancel", "{\"reason\": \"ordered twice\"}");

        assertEquals(202, bare.getStatusCode(), bare.getBody());
        assertEquals("CANCELLED", Json.parse(bare.getBody()).get("status").asText());
        assertEquals(202, withReason.getStatusCode(), withReason.getBody());
        assertEquals("cancelled by the customer: ordered twice", Json.parse(withReason.getBody()).get("status_reason").asText());
    }

    @Test
    void aCancelBodyWithAnUnknownFieldOrAReasonThatIsNoTextIsRefusedAndTheOrderStaysAsItWas() {
        String orderId = Json.parse(api.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();

        APIGatewayProxyResponseEvent unknown = api.postJson("/orders/" + orderId + "/cancel", "{\"reason\": \"x\", \"refund\": false}");
        APIGatewayProxyResponseEvent number = api.postJson("/orders/" + orderId + "/cancel", "{\"reason\": 12}");
        APIGatewayProxyResponseEvent array = api.postJson("/orders/" + orderId + "/cancel", "[]");

        assertEquals(400, unknown.getStatusCode(), unknown.getBody());
        assertTrue(unknown.getBody().contains("refund"), unknown.getBody());
        assertEquals(400, number.getStatusCode(), number.getBody());
        assertTrue(number.getBody().contains("reason"), number.getBody());
        assertEquals(400, array.getStatusCode(), array.getBody());
        assertEquals("PENDING", Json.parse(api.get("/orders/" + orderId).getBody()).get("status").asText());
    }

    @Test
    void aSignedEventForAnOrderThatNeverWaitedIsAConflictAndAnUnsignedOneIsUnauthorized() {
        String orderId = Json.parse(api.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();
        String body = "{\"id\": \"evt_1\", \"type\": \"payment.succeeded\", \"data\": {\"order_id\": \"" + orderId
                + "\", \"reference\": \"pay_1\", \"amount\": 1.00}}";

        APIGatewayProxyResponseEvent signed = api.send("POST", "/payments/webhook", body, Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(body, PaymentProperties.DEVELOPMENT_SECRET, Instant.now())));
        APIGatewayProxyResponseEvent unsigned = api.send("POST", "/payments/webhook", body, Map.of("Content-Type", "application/json"));

        assertEquals(409, signed.getStatusCode(), signed.getBody());
        assertTrue(signed.getBody().contains("no payment waiting"), signed.getBody());
        assertEquals(401, unsigned.getStatusCode(), unsigned.getBody());
        assertEquals("application/problem+json", unsigned.getHeaders().get("Content-Type"));
    }
}
