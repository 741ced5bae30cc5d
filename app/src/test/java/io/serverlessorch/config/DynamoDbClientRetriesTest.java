package io.serverlessorch.config;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.retry.Backoff;
import io.serverlessorch.retry.RetryBudget;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' DynamoDB client tries a request as often as the retry budget says, not the SDK default's 9,
 * and gives up on a call at the budget's call timeout.
 */
class DynamoDbClientRetriesTest {

    @Test
    void aThrottledRequestIsTriedAsOftenAsTheBudgetSaysThenFails() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        withStandIn(exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }, client -> {
            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> getAnItem(client));

            assertEquals("ThrottlingException", refused.awsErrorDetails().errorCode());
            assertEquals(RetryBudget.DEFAULT.dynamoDb().tries(), requests.get(), "the first try and the retries");
        });
    }

    @Test
    void theOrderApisClientTriesAThrottledRequestAsOftenAsTheApisBudgetSays() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            throttled(exchange);
        });
        server.start();
        // As the API function starts: its handler adds the API's settings to the context it is given.
        OrderApiHandler api = new OrderApiHandler(ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .properties(Map.of("aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + server.getAddress().getPort()))
                .build());
        try {
            DynamoDbClient client = api.getApplicationContext().getBean(DynamoDbClient.class);

            assertThrows(DynamoDbException.class, () -> getAnItem(client));

            assertEquals(RetryBudget.DEFAULT.apiDynamoDb().tries(), requests.get());
            assertTrue(RetryBudget.DEFAULT.apiDynamoDb().tries() < RetryBudget.DEFAULT.dynamoDb().tries());
        } finally {
            api.getApplicationContext().close();
            server.stop(0);
        }
    }

    private static void throttled(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void aCallThatGetsNoAnswerIsCutOffAtTheCallTimeout() throws Exception {
        CountDownLatch testOver = new CountDownLatch(1);
        withStandIn(exchange -> {
            try {
                testOver.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        }, client -> {
            try {
                assertThrows(ApiCallTimeoutException.class, () -> getAnItem(client));
            } finally {
                testOver.countDown();
            }
        });
    }

    @Test
    void theSdkWaitsOurBackoffBeforeEachRetry() {
        BackoffStrategy waits = DynamoDbClientRetries.waits(Backoff.doubling(Duration.ofMillis(100), Duration.ofMillis(300)));

        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300)),
                List.of(waits.computeDelay(1), waits.computeDelay(2), waits.computeDelay(3), waits.computeDelay(4)));
    }

    private static void getAnItem(DynamoDbClient client) {
        client.getItem(r -> r.tableName("serverless-orch-orders")
                .key(Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS("ORDER"))));
    }

    /** Runs {@code test} with the functions' DynamoDB client pointed at a stand-in answering with {@code dynamoDb}. */
    private static void withStandIn(HttpHandler dynamoDb, Consumer<DynamoDbClient> test) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", dynamoDb);
        server.start();
        // As the functions start their contexts (handlers.FunctionContexts).
        try (ApplicationContext context = ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .properties(Map.of("aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + server.getAddress().getPort()))
                .start()) {
            test.accept(context.getBean(DynamoDbClient.class));
        } finally {
            server.stop(0);
        }
    }
}
