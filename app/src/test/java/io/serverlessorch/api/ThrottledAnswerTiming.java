package io.serverlessorch.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.ApiGateway;
import io.serverlessorch.support.OrderRequests;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.support.ThrottlingDynamoDb;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A measurement, not a test: how long a throttled {@code POST /orders} takes to be answered, on the API's retry budget
 * and on the pipeline's (which the API used before it had its own). Runs only when asked:
 * {@code ./mvnw -o -q test -pl app -am -Dtest=ThrottledAnswerTiming -Dsurefire.failIfNoSpecifiedTests=false -Dmeasure=throttled}.
 */
@ExtendWith(DynamoDbLocalExtension.class)
@EnabledIfSystemProperty(named = "measure", matches = "throttled")
class ThrottledAnswerTiming {

    private static final int ROUNDS = 15;

    @Test
    void timeToAnswerAThrottledOrder(URI endpoint) {
        DynamoDbClient dynamoDb = TestTables.client(endpoint);
        TableNames tables = TestTables.create(dynamoDb);
        try (ThrottlingDynamoDb throttling = new ThrottlingDynamoDb(endpoint)) {
            report("API budget", measure(throttling, tables, uri -> new ApiGateway(uri, tables)));
            report("pipeline budget (before)", measure(throttling, tables, uri -> ApiGateway.withThePipelinesRetries(uri, tables)));
        }
    }

    private static List<Long> measure(ThrottlingDynamoDb throttling, TableNames tables, Function<URI, ApiGateway> api) {
        List<Long> millis = new ArrayList<>();
        try (ApiGateway gateway = api.apply(throttling.endpoint())) {
            // One request that succeeds first, so that the context's start is not timed.
            assertEquals(201, gateway.postJson("/orders", OrderRequests.valid()).getStatusCode());
            throttling.throttle(true);
            for (int round = 0; round < ROUNDS; round++) {
                long started = System.nanoTime();
                APIGatewayProxyResponseEvent answer = gateway.postJson("/orders", OrderRequests.valid(), "timed-" + round);
                millis.add((System.nanoTime() - started) / 1_000_000);
                System.out.println("throttled POST /orders: " + answer.getStatusCode() + " after " + millis.get(millis.size() - 1) + " ms");
            }
        } finally {
            throttling.throttle(false);
        }
        return millis;
    }

    private static void report(String budget, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("THROTTLED POST /orders, %s: median %d ms, min %d ms, max %d ms over %d requests%n",
                budget, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
