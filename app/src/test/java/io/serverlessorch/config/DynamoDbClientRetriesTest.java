package io.serverlessorch.config;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The functions' DynamoDB client gives up on a throttled request after its few tries, not the SDK default's 9. */
class DynamoDbClientRetriesTest {

    @Test
    void aThrottledRequestIsTriedThreeTimesThenFails() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer dynamoDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dynamoDb.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        dynamoDb.start();
        // As the functions start their contexts (handlers.FunctionContexts).
        try (ApplicationContext context = ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .properties(Map.of("aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + dynamoDb.getAddress().getPort()))
                .start()) {
            DynamoDbClient client = context.getBean(DynamoDbClient.class);

            DynamoDbException refused = assertThrows(DynamoDbException.class, () -> client.getItem(r -> r
                    .tableName("serverless-orch-orders").key(Map.of("order_id", AttributeValue.fromS("o-1"), "sk", AttributeValue.fromS("ORDER")))));

            assertEquals("ThrottlingException", refused.awsErrorDetails().errorCode());
            assertEquals(3, requests.get(), "the first try and two retries");
        } finally {
            dynamoDb.stop(0);
        }
    }
}
