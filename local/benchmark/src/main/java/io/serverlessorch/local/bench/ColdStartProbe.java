package io.serverlessorch.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.StepHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.local.SampleCatalog;
import io.serverlessorch.local.stream.AttributeValueConverter;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs in a fresh JVM on the deployment jar: builds one handler and handles one request, then prints
 * {@code HANDLED}. The benchmark times this from process start. Kinds:
 * <ul>
 *   <li>{@code api}: the order API handler places an order;</li>
 *   <li>{@code processor}: the stream processor handles the creation record of an order (its validator
 *       step runs in process here; in AWS it is another function);</li>
 *   <li>a step's name ({@code validator}, {@code inventory}, ...): the step handler, told its step by
 *       {@code ORCH_STEP}, reads a step request as the processor sends it and answers it;</li>
 *   <li>{@code plain}: no framework: an SDK client writes one item, the floor for a Java function that
 *       writes to DynamoDB.</li>
 * </ul>
 * Arguments: kind, DynamoDB endpoint, orders table; for {@code processor} also the order id, for a step the file
 * holding its request.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws IOException {
        String kind = args[0];
        URI endpoint = URI.create(args[1]);
        String ordersTable = args[2];
        switch (kind) {
            case "api" -> {
                var response = new OrderApiHandler().handleRequest(new APIGatewayProxyRequestEvent()
                        .withHttpMethod("POST").withPath("/orders")
                        .withHeaders(Map.of("Content-Type", "application/json"))
                        .withMultiValueHeaders(Map.of("Content-Type", List.of("application/json")))
                        .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("cold").withStage("cold"))
                        .withBody(SampleCatalog.orderRequest("product-1", 1, "19.99", null)), null);
                require(response.getStatusCode() == 201, "POST /orders answered " + response.getStatusCode());
            }
            case "processor" -> {
                Map<String, AttributeValue> keys = Map.of("order_id", AttributeValue.fromS(args[3]), "sk", AttributeValue.fromS("ORDER"));
                Map<String, AttributeValue> image;
                try (DynamoDbClient dynamoDb = client(endpoint)) {
                    image = dynamoDb.getItem(r -> r.tableName(ordersTable).key(keys)).item();
                }
                DynamodbEvent event = new DynamodbEvent();
                DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
                record.setEventName("INSERT");
                record.setDynamodb(new StreamRecord().withSequenceNumber("1")
                        .withKeys(AttributeValueConverter.toEventMap(keys)).withNewImage(AttributeValueConverter.toEventMap(image)));
                event.setRecords(List.of(record));
                require(new StreamProcessorHandler().handleRequest(event, null).getBatchItemFailures().isEmpty(), "the record failed");
            }
            case "plain" -> {
                try (DynamoDbClient dynamoDb = client(endpoint)) {
                    dynamoDb.putItem(r -> r.tableName(ordersTable).item(Map.of(
                            "order_id", AttributeValue.fromS(UUID.randomUUID().toString()), "sk", AttributeValue.fromS("COLD-START-PROBE"))));
                }
            }
            default -> {
                // A step function: the step comes from ORCH_STEP, which ColdStarts sets as the stack does.
                StepHandler step = new StepHandler();
                require(step.step().id().equals(kind), "the " + kind + " probe runs " + step.step());
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                step.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[3]))), answer, null);
                require(answer.toString(StandardCharsets.UTF_8).contains("\"outcome\""), "the step answered " + answer);
            }
        }
        System.out.println("HANDLED");
        System.exit(0);
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
