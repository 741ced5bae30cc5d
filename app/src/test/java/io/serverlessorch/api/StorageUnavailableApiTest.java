package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.payments.WebhookSignature;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.Json;
import io.serverlessorch.support.OrderRequests;
import io.serverlessorch.support.StandardOutput;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.support.ThrottlingDynamoDb;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When DynamoDB throttles (after the client's retries) or cannot be reached, every operation answers {@code 503} with
 * {@code Retry-After} and a problem, stores nothing, and tells the operator (docs/decisions.md, #42).
 */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageUnavailableApiTest {

    private DynamoDbClient dynamoDb;
    private TableNames tables;
    private ThrottlingDynamoDb throttling;
    private ApiGateway api;

    @BeforeAll
    void start(URI endpoint) {
        dynamoDb = TestTables.client(endpoint);
        tables = TestTables.create(dynamoDb);
        throttling = new ThrottlingDynamoDb(endpoint);
        api = new ApiGateway(throttling.endpoint(), tables);
    }

    @AfterEach
    void stopThrottling() {
        throttling.throttle(false);
    }

    @AfterAll
    void stop() {
        api.close();
        throttling.close();
    }

    @Test
    void aThrottledOrderIs503WithRetryAfterAndIsStoredWhenTriedAgain() {
        String key = "throttled-" + System.nanoTime();
        int before = TestTables.countItems(dynamoDb, tables.orders());
        throttling.throttle(true);

        APIGatewayProxyResponseEvent refused = api.postJson("/orders", OrderRequests.valid(), key);

        JsonNode problem = assertUnavailable(refused, RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertTrue(problem.get("detail").asText().contains("busy"), problem.toString());
        assertTrue(throttling.throttledRequests() > 0);
        throttling.throttle(false);
        assertEquals(before, TestTables.countItems(dynamoDb, tables.orders()), "nothing stored");
        assertEquals(201, api.postJson("/orders", OrderRequests.valid(), key).getStatusCode());
        assertEquals(before + 1, TestTables.countItems(dynamoDb, tables.orders()));
    }

    @Test
    void everyOperationAnswers503WhileStorageThrottles() {
        String orderId = Json.parse(api.postJson("/orders", OrderRequests.valid()).getBody()).get("order_id").asText();
        String event = "{\"id\": \"evt_1\", \"type\": \"payment.succeeded\", \"data\": {\"order_id\": \"" + orderId
                + "\", \"reference\": \"pay_1\", \"amount\": 44.98}}";
        throttling.throttle(true);

        assertUnavailable(api.postJson("/orders", OrderRequests.valid()), RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.get("/orders/" + orderId), RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.get("/orders?limit=5"), RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.get("/orders?status=PENDING"), RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.send("POST", "/orders/" + orderId + "/cancel", null, Map.of()), RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.send("POST", "/payments/webhook", event, Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(event, PaymentProperties.DEVELOPMENT_SECRET, Instant.now()))),
                RetryAfter.BUSY_FROM, RetryAfter.BUSY_TO);
        assertUnavailable(api.get("/health"), RetryAfter.UNREACHABLE_FROM, RetryAfter.UNREACHABLE_TO);

        throttling.throttle(false);
        assertEquals("PENDING", Json.parse(api.get("/orders/" + orderId).getBody()).get("status").asText(), "the cancel changed nothing");
    }

    @Test
    void theOperatorSeesAMetricAndALogLineForEach503() {
        List<String> metrics = new ArrayList<>();
        throttling.throttle(true);

        List<String> log = StandardOutput.errorLinesWrittenBy(() -> metrics.addAll(StandardOutput.linesWrittenBy(() ->
                assertEquals(503, api.postJson("/orders", OrderRequests.valid()).getStatusCode()))));

        List<JsonNode> documents = metrics.stream().filter(line -> line.startsWith("{\"_aws\"")).map(Json::parse)
                .filter(document -> document.has("StorageUnavailable")).toList();
        assertEquals(1, documents.size(), metrics.toString());
        assertEquals("busy", documents.get(0).get("Reason").asText());
        assertEquals(1, documents.get(0).get("StorageUnavailable").asInt());
        assertTrue(log.stream().anyMatch(line -> line.contains("WARN") && line.contains("POST /orders answered 503")
                && line.contains("ProvisionedThroughputExceededException")), log.toString());
    }

    @Test
    void storageThatCannotBeReachedIs503WithALongerRetryAfter() {
        try (ApiGateway cutOff = new ApiGateway(URI.create("http://127.0.0.1:" + closedPort()), tables)) {
            JsonNode problem = assertUnavailable(cutOff.postJson("/orders", OrderRequests.valid(), "cut-off"),
                    RetryAfter.UNREACHABLE_FROM, RetryAfter.UNREACHABLE_TO);

            assertTrue(problem.get("detail").asText().contains("cannot be reached"), problem.toString());
            assertUnavailable(cutOff.get("/orders"), RetryAfter.UNREACHABLE_FROM, RetryAfter.UNREACHABLE_TO);
        }
    }

    @Test
    void aDynamoDbFailureThatWaitingWillNotMendIsStillA500() {
        try (ApiGateway misconfigured = new ApiGateway(TestTables.endpointOf(dynamoDb), new TableNames("no-such-table", "no-such-catalog"))) {
            APIGatewayProxyResponseEvent answer = misconfigured.postJson("/orders", OrderRequests.valid());

            OrderApiTest.assertProblem(500, answer);
            assertEquals(null, answer.getHeaders().get("Retry-After"));
        }
    }

    private static JsonNode assertUnavailable(APIGatewayProxyResponseEvent answer, int fewestSeconds, int mostSeconds) {
        JsonNode problem = OrderApiTest.assertProblem(503, answer);
        assertEquals("Service Unavailable", problem.get("title").asText());
        String retryAfter = answer.getHeaders().get("Retry-After");
        assertTrue(retryAfter != null && retryAfter.matches("[0-9]+"), "Retry-After: " + retryAfter + " in " + answer.getHeaders());
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= fewestSeconds && seconds <= mostSeconds, "Retry-After: " + seconds);
        return problem;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
