package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.payments.WebhookSignature;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.Json;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /payments/webhook} through the Lambda handler: the signature is checked before anything else, and
 * each refusal is its own problem. (The signed outcomes on waiting orders: {@code PaymentWebhookScriptTest} and
 * local_test's scenarios, against the whole pipeline.)
 */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentWebhookApiTest {

    private static final String UNKNOWN_ORDER = "00000000-0000-4000-8000-000000000000";
    private static final String EVENT = "{\"id\": \"evt_1\", \"type\": \"payment.succeeded\", \"data\": {\"order_id\": \""
            + UNKNOWN_ORDER + "\", \"reference\": \"pay_1\", \"amount\": 5.00}}";

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
    void anEventSignedWithTheSecretIsReadAndAnUnknownOrderIs404() {
        APIGatewayProxyResponseEvent answer = send(EVENT, WebhookSignature.sign(EVENT, PaymentProperties.DEVELOPMENT_SECRET, Instant.now()));

        assertProblem(404, answer);
    }

    @Test
    void noSignatureAnotherSecretsOrAnOldOneIs401() {
        assertProblem(401, send(EVENT, null));
        assertProblem(401, send(EVENT, WebhookSignature.sign(EVENT, "whsec_another", Instant.now())));
        assertProblem(401, send(EVENT, WebhookSignature.sign(EVENT, PaymentProperties.DEVELOPMENT_SECRET,
                Instant.now().minus(Duration.ofMinutes(6)))));
        assertProblem(401, send(EVENT, "t=1,v1=zz"));
    }

    @Test
    void aRefusedSignatureSaysWhichChallengeToAnswerAndOtherRefusalsDoNot() {
        APIGatewayProxyResponseEvent unsigned = send(EVENT, null);
        APIGatewayProxyResponseEvent unknownOrder = send(EVENT, WebhookSignature.sign(EVENT, PaymentProperties.DEVELOPMENT_SECRET, Instant.now()));

        assertEquals(WebhookSignature.HEADER, unsigned.getHeaders().get("WWW-Authenticate"), unsigned.getHeaders().toString());
        assertEquals(404, unknownOrder.getStatusCode());
        assertEquals(null, unknownOrder.getHeaders().get("WWW-Authenticate"));
    }

    @Test
    void aBodyChangedAfterSigningIs401() {
        String signature = WebhookSignature.sign(EVENT, PaymentProperties.DEVELOPMENT_SECRET, Instant.now());

        assertProblem(401, send(EVENT.replace("5.00", "0.01"), signature));
    }

    @Test
    void aSignedBodyThatIsNoEventIs400() {
        String notJson = "{\"id\": ";
        String noData = "{\"id\": \"evt_2\", \"type\": \"payment.succeeded\"}";

        assertProblem(400, send(notJson, WebhookSignature.sign(notJson, PaymentProperties.DEVELOPMENT_SECRET, Instant.now())));
        assertProblem(400, send(noData, WebhookSignature.sign(noData, PaymentProperties.DEVELOPMENT_SECRET, Instant.now())));
    }

    @Test
    void aRequestWithNoBodyAndNoSignatureIs401() {
        assertProblem(401, api.send("POST", "/payments/webhook", null, Map.of("Content-Type", "application/json")));
    }

    private APIGatewayProxyResponseEvent send(String body, String signature) {
        return api.send("POST", "/payments/webhook", body, signature == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", WebhookSignature.HEADER, signature));
    }

    private static void assertProblem(int status, APIGatewayProxyResponseEvent answer) {
        assertEquals(status, answer.getStatusCode(), answer.getBody());
        assertEquals(Problem.MEDIA_TYPE, answer.getHeaders().get("Content-Type"));
        assertTrue(Json.parse(answer.getBody()).has("detail"), answer.getBody());
    }
}
