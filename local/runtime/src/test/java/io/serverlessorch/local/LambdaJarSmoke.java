package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.serverlessorch.handlers.FulfillmentHandler;
import io.serverlessorch.handlers.InventoryHandler;
import io.serverlessorch.handlers.NotificationHandler;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.PaymentHandler;
import io.serverlessorch.handlers.PipelineStepHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.handlers.ValidatorHandler;
import io.serverlessorch.local.stream.AttributeValueConverter;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs in a JVM whose classpath is the deployment jar (and this class): constructs every handler the way
 * the Lambda runtime does and sends each a real payload. Prints SMOKE OK, or fails with the error.
 * Arguments: the DynamoDB endpoint; the tables come from ORCH_TABLES_* system properties.
 */
public final class LambdaJarSmoke {

    private static final DynamoDbClient DYNAMODB =
            DynamoDbClient.builder()
                    .endpointOverride(URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();

    private LambdaJarSmoke() {
    }

    public static void main(String[] args) throws Exception {
        OrderApiHandler api = new OrderApiHandler();
        APIGatewayProxyResponseEvent created = api.handleRequest(new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/orders")
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withMultiValueHeaders(Map.of("Content-Type", List.of("application/json")))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("smoke").withStage("smoke"))
                .withBody(SampleCatalog.orderRequest("product-1", 1, "19.99", null)), null);
        check(created.getStatusCode() == 201, "POST /orders answered " + created.getStatusCode() + ": " + created.getBody());
        Matcher id = Pattern.compile("\"order_id\":\"([^\"]+)\"").matcher(created.getBody());
        check(id.find(), "no order id in " + created.getBody());
        String orderId = id.group(1);

        // The stream record of the order's creation, as the event source mapping would send it.
        var keys = Map.of("order_id", AttributeValue.fromS(orderId),
                "sk", AttributeValue.fromS("ORDER"));
        var stored = DYNAMODB
                .getItem(r -> r.tableName(System.getProperty("orch.tables.orders")).key(keys)).item();
        DynamodbEvent event = new DynamodbEvent();
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord().withSequenceNumber("1")
                .withKeys(AttributeValueConverter.toEventMap(keys))
                .withNewImage(AttributeValueConverter.toEventMap(stored)));
        event.setRecords(List.of(record));
        StreamsEventResponse response = new StreamProcessorHandler().handleRequest(event, null);
        check(response.getBatchItemFailures().isEmpty(), "the stream processor failed the record: " + response.getBatchItemFailures());
        var moved = DYNAMODB
                .getItem(r -> r.tableName(System.getProperty("orch.tables.orders")).key(keys)).item();
        check("VALIDATED".equals(moved.get("status").s()), "the order did not move on: " + moved.get("status"));

        String request = "{\"step\":\"VALIDATOR\",\"action\":\"EXECUTE\",\"order\":" + orderJson(orderId) + "}";
        for (PipelineStepHandler step : List.of(new ValidatorHandler(), new InventoryHandler(), new PaymentHandler(),
                new FulfillmentHandler(), new NotificationHandler())) {
            String stepName = step.getClass().getSimpleName().replace("Handler", "").toUpperCase();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            step.handleRequest(new ByteArrayInputStream(request.replace("VALIDATOR", stepName).getBytes(StandardCharsets.UTF_8)), out, null);
            String answer = out.toString(StandardCharsets.UTF_8);
            check(answer.contains("\"outcome\""), stepName + " answered " + answer);
            step.close();
        }
        invokesAStepFunction();
        System.out.println("SMOKE OK");
        System.exit(0);
    }

    /**
     * The Lambda client the jar carries (its model pruned to Invoke and the errors) invokes a function and reads
     * back a refusal, against a stand-in for the Lambda API.
     */
    private static void invokesAStepFunction() throws Exception {
        HttpServer lambdaApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambdaApi.createContext("/", exchange -> {
            boolean throttled = exchange.getRequestURI().getPath().contains("/functions/throttled/");
            byte[] body = (throttled ? "{\"message\":\"Rate exceeded\",\"Type\":\"User\"}" : "{\"outcome\":\"SUCCEEDED\"}")
                    .getBytes(StandardCharsets.UTF_8);
            if (throttled) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "TooManyRequestsException");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(throttled ? 429 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        lambdaApi.start();
        try (LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + lambdaApi.getAddress().getPort()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            InvokeResponse answered = lambda.invoke(r -> r.functionName("validator").payload(SdkBytes.fromUtf8String("{}")));
            check(answered.payload().asUtf8String().contains("SUCCEEDED"), "Invoke answered " + answered.payload().asUtf8String());
            try {
                lambda.invoke(r -> r.functionName("throttled").payload(SdkBytes.fromUtf8String("{}")));
                check(false, "a throttled Invoke did not fail");
            } catch (TooManyRequestsException expected) {
                check(expected.statusCode() == 429, "the refusal read back as " + expected);
            }
        } finally {
            lambdaApi.stop(0);
        }
    }

    /** The order as a step payload carries it (the domain record's own field names, not the API's snake_case). */
    private static String orderJson(String orderId) {
        return """
                {"orderId":"%s","status":"PENDING","customer":{"customerId":"cust-1","email":"casey@example.com","name":"Casey"},
                 "items":[{"productId":"product-1","quantity":1,"unitPrice":19.99}],"total":19.99,
                 "shippingAddress":{"street":"1 Main St","city":"Town","state":"CA","postalCode":"12345","country":"US"},
                 "payment":{"paymentMethod":"credit_card"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z",
                 "version":0}""".formatted(orderId);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
