package io.serverlessorch.logging;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.serverlessorch.api.HealthController;
import io.serverlessorch.handlers.StepHandler;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.pipeline.OrderStreamProcessor;
import io.serverlessorch.steps.NotificationStep;
import io.serverlessorch.storage.dynamodb.TableNames;
import io.serverlessorch.support.StandardOutput;
import io.serverlessorch.support.TestTables;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real handlers, with the logging switched to JSON as in Lambda: what they write to standard output is
 * read back line by line, with a Lambda context whose request id the test knows.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class HandlerLogLinesTest {

    private static OrchLoggerFactory logging;
    private static LogSettings before;

    @BeforeAll
    static void writeJsonAsInLambda() {
        logging = (OrchLoggerFactory) LoggerFactory.getILoggerFactory();
        before = logging.settings();
        logging.apply(LogSettings.from(Map.of(), Map.of(LogSettings.FORMAT_PROPERTY, "json")));
    }

    @AfterAll
    static void writeAsBefore() {
        logging.apply(before);
    }

    @Test
    void aStepHandlersLinesCarryItsInvocationsRequestIdAndTheLinesAfterItNone(URI endpoint) {
        TableNames tables = TestTables.create(TestTables.client(endpoint));
        try (StepHandler handler = new StepHandler(ApplicationContext.run(Map.of(
                "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                "orch.tables.orders", tables.orders(),
                "orch.tables.catalog", tables.catalog(),
                StepHandler.STEP_PROPERTY, "notification")))) {
            String orderId = UUID.randomUUID().toString();
            String requestId = UUID.randomUUID().toString();
            List<JsonNode> told = linesWrittenBy(() -> invoke(handler, notification(orderId), requestId));

            assertEquals(1, told.size(), told::toString);
            JsonNode line = told.get(0);
            assertLogLine(line, "INFO", NotificationStep.class, requestId);
            assertEquals("mock email to casey@example.com: Your order " + orderId + " could not be completed", line.get("message").asText());
            assertFalse(line.has("errorType"));

            // The step fails (DynamoDB refuses an empty key): the handler answers, and its warning carries the error.
            List<JsonNode> failed = linesWrittenBy(() -> invoke(handler, notification(""), "second-invocation"));
            JsonNode warning = only(failed, "WARN");
            assertLogLine(warning, "WARN", io.serverlessorch.invocation.StepDispatcher.class, "second-invocation");
            assertTrue(warning.get("errorType").asText().startsWith("software.amazon.awssdk.services.dynamodb."), warning::toString);
            assertFalse(warning.get("errorMessage").asText().isEmpty());
            assertTrue(frames(warning).stream().anyMatch(frame -> frame.contains(NotificationStep.class.getName() + ".execute")), warning::toString);

            assertNull(LogContext.requestId(), "the invocation has ended");
            List<JsonNode> after = linesWrittenBy(() -> LoggerFactory.getLogger(NotificationStep.class).info("between invocations"));
            assertEquals(1, after.size());
            assertFalse(after.get(0).has("AWSRequestId"), after::toString);
        }
    }

    @Test
    void theApiHandlersWarningIsOneJsonLineWithItsError(URI endpoint) {
        // Tables that were never made: the health check fails.
        TableNames missing = TableNames.withPrefix("missing-" + UUID.randomUUID().toString().substring(0, 8));
        OrderApiHandler handler = new OrderApiHandler(ApplicationContext.builder().properties(Map.of(
                "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                "orch.tables.orders", missing.orders(),
                "orch.tables.catalog", missing.catalog())).build());
        try {
            AtomicReference<APIGatewayProxyResponseEvent> response = new AtomicReference<>();
            List<JsonNode> lines = linesWrittenBy(() -> response.set(handler.handleRequest(healthCheck(), new TestContext("api-request-1"))));

            assertEquals(503, response.get().getStatusCode(), response.get()::getBody);
            JsonNode warning = only(lines, "WARN");
            assertLogLine(warning, "WARN", HealthController.class, "api-request-1");
            assertEquals("Health check failed: the orders table did not answer", warning.get("message").asText());
            assertEquals("software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException", warning.get("errorType").asText());
            assertTrue(frames(warning).size() > 1, warning::toString);
            lines.forEach(line -> assertEquals("api-request-1", line.path("AWSRequestId").asText(null), () -> "the request id of " + line.get("message")));
            assertNull(LogContext.requestId());
        } finally {
            handler.getApplicationContext().close();
        }
    }

    @Test
    void theStreamProcessorsLinesCarryItsRequestId(URI endpoint) {
        TableNames tables = TestTables.create(TestTables.client(endpoint));
        StreamProcessorHandler handler = new StreamProcessorHandler(ApplicationContext.builder().properties(Map.of(
                "aws.services.dynamodb.endpoint-override", endpoint.toString(),
                "orch.tables.orders", tables.orders(),
                "orch.tables.catalog", tables.catalog(),
                "orch.steps.invoker", "in-process")));
        try {
            AtomicReference<StreamsEventResponse> response = new AtomicReference<>();
            List<JsonNode> lines = linesWrittenBy(() -> response.set(handler.handleRequest(unreadableRecord("7"), new TestContext("stream-request-1"))));

            assertEquals(List.of("7"), response.get().getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
            JsonNode error = only(lines, "ERROR");
            assertLogLine(error, "ERROR", OrderStreamProcessor.class, "stream-request-1");
            assertTrue(error.get("message").asText().startsWith("Stream record 7 of order poison cannot be read"), error::toString);
            lines.forEach(line -> assertEquals("stream-request-1", line.path("AWSRequestId").asText(null), () -> "the request id of " + line.get("message")));
            assertNull(LogContext.requestId());
        } finally {
            handler.getApplicationContext().close();
        }
    }

    // ---- helpers

    private static void assertLogLine(JsonNode line, String level, Class<?> logger, String requestId) {
        for (String key : List.of("timestamp", "level", "message", "logger")) {
            assertTrue(line.hasNonNull(key), () -> "no " + key + " in " + line);
        }
        assertTrue(line.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line::toString);
        assertEquals(level, line.get("level").asText());
        assertEquals(logger.getName(), line.get("logger").asText());
        assertEquals(requestId, line.path("AWSRequestId").asText(null), () -> "the request id of " + line.get("message"));
    }

    private static JsonNode only(List<JsonNode> lines, String level) {
        List<JsonNode> found = lines.stream().filter(line -> level.equals(line.get("level").asText())).toList();
        assertEquals(1, found.size(), lines::toString);
        return found.get(0);
    }

    private static List<String> frames(JsonNode line) {
        List<String> frames = new ArrayList<>();
        line.get("stackTrace").forEach(frame -> frames.add(frame.asText()));
        return frames;
    }

    /**
     * Every line written to standard output while the action runs, each a JSON object; the metric documents
     * (EMF, with their "_aws" key) are left out.
     */
    private static List<JsonNode> linesWrittenBy(Runnable action) {
        return StandardOutput.linesWrittenBy(action).stream()
                .map(LogLinesTest::jsonObject)
                .filter(line -> !line.has("_aws"))
                .toList();
    }

    private static void invoke(StepHandler handler, String request, String requestId) {
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    new TestContext(requestId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notification step for an order that failed: it tells the customer, in a log line. */
    private static String notification(String orderId) {
        return """
                {"step":"NOTIFICATION","action":"EXECUTE","order":{"orderId":"%s","status":"FAILED",
                 "customer":{"customerId":"cust-1","email":"casey@example.com","name":"Casey"},
                 "items":[{"productId":"product-1","quantity":1,"unitPrice":19.99}],"total":19.99,
                 "shippingAddress":{"street":"1 Main St","city":"Town","state":"CA","postalCode":"12345","country":"US"},
                 "payment":{"paymentMethod":"credit_card"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z",
                 "version":3,"statusReason":"payment declined"}}""".formatted(orderId);
    }

    private static APIGatewayProxyRequestEvent healthCheck() {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("GET")
                .withPath("/health")
                .withResource("/{proxy+}")
                .withHeaders(Map.of("Accept", "application/json"))
                .withMultiValueHeaders(Map.of("Accept", List.of("application/json")))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("api-gateway-request").withStage("test").withHttpMethod("GET").withPath("/health")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1")));
    }

    /** An INSERT whose new image is not an order: the processor cannot read it, says so, and reports it. */
    private static DynamodbEvent unreadableRecord(String sequenceNumber) {
        Map<String, AttributeValue> keys = Map.of("order_id", new AttributeValue().withS("poison"), "sk", new AttributeValue().withS("ORDER"));
        Map<String, AttributeValue> image = Map.of("order_id", new AttributeValue().withS("poison"), "sk", new AttributeValue().withS("ORDER"),
                "status", new AttributeValue().withS("PENDING"));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequenceNumber).withKeys(keys).withNewImage(image));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    /** What the Lambda runtime passes a handler; only the request id and the time left matter here. */
    private record TestContext(String awsRequestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return awsRequestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "test-stream";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:test:live";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.write(message, 0, message.length);
                }
            };
        }
    }
}
