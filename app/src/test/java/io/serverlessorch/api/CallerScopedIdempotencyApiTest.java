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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency keys belong to the caller API Gateway names in the request context (docs/decisions.md, #41): the IAM
 * principal; a request without one is the one anonymous caller.
 */
@ExtendWith(DynamoDbLocalExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerScopedIdempotencyApiTest {

    private static final String ALICE = "arn:aws:iam::111111111111:user/alice";
    private static final String BOB = "arn:aws:iam::222222222222:user/bob";
    private static final String OTHER_BODY = OrderRequests.valid().replace("\"quantity\": 2", "\"quantity\": 3");

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
    void twoCallersWithTheSameKeyPlaceAnOrderEach() {
        String key = "shared-" + System.nanoTime();

        APIGatewayProxyResponseEvent alices = api.postJsonAs(ALICE, "/orders", OrderRequests.valid(), key);
        APIGatewayProxyResponseEvent bobs = api.postJsonAs(BOB, "/orders", OTHER_BODY, key);

        assertEquals(201, alices.getStatusCode(), alices.getBody());
        assertEquals(201, bobs.getStatusCode(), bobs.getBody());
        String alicesOrder = orderId(alices);
        String bobsOrder = orderId(bobs);
        assertNotEquals(alicesOrder, bobsOrder);
        assertEquals(2, Json.parse(api.get("/orders/" + alicesOrder).getBody()).get("items").get(0).get("quantity").asInt());
        assertEquals(3, Json.parse(api.get("/orders/" + bobsOrder).getBody()).get("items").get(0).get("quantity").asInt());
    }

    @Test
    void twoCallersWithTheSameKeyAndBodyStillPlaceAnOrderEach() {
        String key = "same-body-" + System.nanoTime();

        String alicesOrder = orderId(api.postJsonAs(ALICE, "/orders", OrderRequests.valid(), key));
        String bobsOrder = orderId(api.postJsonAs(BOB, "/orders", OrderRequests.valid(), key));

        assertNotEquals(alicesOrder, bobsOrder);
    }

    @Test
    void aCallersRetryGetsItsOrderAndAnotherBodyIsAConflictThatStoresNothing() {
        String key = "retry-" + System.nanoTime();
        APIGatewayProxyResponseEvent first = api.postJsonAs(ALICE, "/orders", OrderRequests.valid(), key);
        APIGatewayProxyResponseEvent retry = api.postJsonAs(ALICE, "/orders", OrderRequests.valid(), key);
        int before = TestTables.countItems(dynamoDb, tables.orders());

        APIGatewayProxyResponseEvent reuse = api.postJsonAs(ALICE, "/orders", OTHER_BODY, key);

        assertEquals(201, retry.getStatusCode());
        assertEquals(orderId(first), orderId(retry));
        JsonNode problem = OrderApiTest.assertProblem(409, reuse);
        assertTrue(problem.get("detail").asText().contains(key), problem.toString());
        assertEquals(before, TestTables.countItems(dynamoDb, tables.orders()));
        assertEquals(2, Json.parse(api.get("/orders/" + orderId(first)).getBody()).get("items").get(0).get("quantity").asInt());
    }

    @Test
    void aRolesSessionsAreOneCaller() {
        String key = "role-" + System.nanoTime();
        String role = "arn:aws:sts::333333333333:assumed-role/order-client/";

        String fromOneInstance = orderId(api.postJsonAs(role + "i-0123456789abcdef0", "/orders", OrderRequests.valid(), key));
        String fromAnother = orderId(api.postJsonAs(role + "i-0fedcba9876543210", "/orders", OrderRequests.valid(), key));

        assertEquals(fromOneInstance, fromAnother);
    }

    @Test
    void aRetryAcrossTheChangeFindsTheOrderItsKeyPlacedBefore() {
        // Before keys were scoped, every request's key was what the anonymous caller's still is.
        String key = "across-the-deploy-" + System.nanoTime();
        String placedBefore = orderId(api.postJson("/orders", OrderRequests.valid(), key));
        int before = TestTables.countItems(dynamoDb, tables.orders());

        APIGatewayProxyResponseEvent retry = api.postJsonAs(ALICE, "/orders", OrderRequests.valid(), key);

        assertEquals(201, retry.getStatusCode(), retry.getBody());
        assertEquals(placedBefore, orderId(retry));
        assertEquals(before, TestTables.countItems(dynamoDb, tables.orders()), "no second order");
    }

    @Test
    void anotherBodyWithAKeyUsedBeforeTheChangeIsANewOrderOfTheCaller() {
        // It may be another caller's key: the orders placed before do not say whose they were.
        String key = "reused-across-" + System.nanoTime();
        String placedBefore = orderId(api.postJson("/orders", OrderRequests.valid(), key));

        APIGatewayProxyResponseEvent other = api.postJsonAs(BOB, "/orders", OTHER_BODY, key);

        assertEquals(201, other.getStatusCode(), other.getBody());
        assertNotEquals(placedBefore, orderId(other));
        assertEquals(orderId(other), orderId(api.postJsonAs(BOB, "/orders", OTHER_BODY, key)));
    }

    @Test
    void anonymousRequestsShareOneScope() {
        String key = "anonymous-" + System.nanoTime();
        String first = orderId(api.postJson("/orders", OrderRequests.valid(), key));

        assertEquals(first, orderId(api.postJson("/orders", OrderRequests.valid(), key)));
        OrderApiTest.assertProblem(409, api.postJson("/orders", OTHER_BODY, key));
    }

    private static String orderId(APIGatewayProxyResponseEvent answer) {
        assertEquals(201, answer.getStatusCode(), answer.getBody());
        return Json.parse(answer.getBody()).get("order_id").asText();
    }
}
