package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.handlers.PaymentDeadlineHandler;
import io.serverlessorch.handlers.StepHandler;
import io.serverlessorch.handlers.StreamProcessorHandler;
import io.serverlessorch.invocation.StepDispatcher;
import io.serverlessorch.local.stream.AttributeValueConverter;
import io.serverlessorch.payments.WebhookSignature;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepInvoker;
import io.serverlessorch.pipeline.StepResult;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs in a JVM whose classpath is the deployment jar (and this class): constructs every handler the way
 * the Lambda runtime does and sends each a real payload. Prints SMOKE OK, or fails with the error.
 * Arguments: the DynamoDB endpoint; the tables come from ORCH_TABLES_* system properties.
 *
 * <p>The jar's AWS SDK holds only what the functions reach (app/proguard.pro), so this driver calls the SDK
 * the way the functions do (a {@code NoSuchMethodError} here means it does not).
 */
public final class LambdaJarSmoke {

    private static final DynamoDbClient DYNAMODB =
            DynamoDbClient.builder()
                    .endpointOverride(URI.create(System.getProperty("aws.services.dynamodb.endpoint-override")))
                    .httpClient(UrlConnectionHttpClient.builder().build())
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
        // One delivery runs the order through every stage to its end (the steps in process here).
        check("COMPLETED".equals(moved.get("status").s()), "the order did not run to its end: " + moved.get("status"));

        // A step function as Lambda starts it: the step from its ORCH_STEP, which LambdaJarIT sets as the stack does.
        try (StepHandler fromItsVariable = new StepHandler()) {
            check(fromItsVariable.step().name().equalsIgnoreCase(System.getenv("ORCH_STEP")),
                    "ORCH_STEP=" + System.getenv("ORCH_STEP") + " runs " + fromItsVariable.step());
            answers(fromItsVariable, orderId);
        }
        // Every step, each in a context of its own as in its own function.
        for (Step step : Step.values()) {
            try (StepHandler handler = new StepHandler(ApplicationContext.builder()
                    .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                    .properties(Map.of(StepHandler.STEP_PROPERTY, step.id()))
                    .start())) {
                check(handler.step() == step, "the " + step + " function runs " + handler.step());
                answers(handler, orderId);
            }
        }
        invokesAStepFunction(orderId);
        sweepsTheDeadlines();
        readsTheWebhookSecretFromSecretsManager(orderId);
        System.out.println("SMOKE OK");
        System.exit(0);
    }

    /** The step's handler reads a request for its step and writes an answer. */
    private static void answers(StepHandler handler, String orderId) throws Exception {
        String request = "{\"step\":\"" + handler.step() + "\",\"action\":\"EXECUTE\",\"order\":" + orderJson(orderId) + "}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
        String answer = out.toString(StandardCharsets.UTF_8);
        check(answer.contains("\"outcome\""), handler.step() + " answered " + answer);
    }

    /**
     * The step invoker the stream processor uses in AWS, built by the jar's own beans, calls a step function and
     * reads back a refusal, against a stand-in for the Lambda API (the SDK's {@code aws.endpointUrlLambda}).
     */
    private static void invokesAStepFunction(String orderId) throws Exception {
        HttpServer lambdaApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambdaApi.createContext("/", exchange -> {
            boolean throttled = exchange.getRequestURI().getPath().contains("/functions/throttled/");
            byte[] body = (throttled ? "{\"message\":\"Rate exceeded\",\"Type\":\"User\"}"
                    : "{\"outcome\":\"SUCCEEDED\",\"code\":\"valid\",\"reason\":\"stand-in\"}")
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
        System.setProperty("aws.endpointUrlLambda", "http://127.0.0.1:" + lambdaApi.getAddress().getPort());
        // As the stream processor's context starts in Lambda (handlers.FunctionContexts), with the Lambda invoker.
        try (ApplicationContext processor = ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .properties(Map.of("orch.steps.invoker", "lambda",
                        "orch.steps.functions.validator", "validator", "orch.steps.functions.inventory", "throttled"))
                .start()) {
            StepInvoker steps = processor.getBean(StepInvoker.class);
            StepDispatcher json = processor.getBean(StepDispatcher.class);
            String request = "{\"step\":\"VALIDATOR\",\"action\":\"EXECUTE\",\"order\":" + orderJson(orderId) + "}";
            StepResult answered = steps.invoke(json.readRequest(request.getBytes(StandardCharsets.UTF_8)));
            check(answered.outcome() == StepResult.Outcome.SUCCEEDED && "stand-in".equals(answered.reason()),
                    "Invoke answered " + answered);
            try {
                steps.invoke(json.readRequest(request.replace("VALIDATOR", "INVENTORY").getBytes(StandardCharsets.UTF_8)));
                check(false, "a throttled Invoke did not fail");
            } catch (TooManyRequestsException expected) {
                check(expected.getMessage().contains("Rate exceeded"), "the refusal read back as " + expected);
            }
        } finally {
            lambdaApi.stop(0);
        }
    }

    /** The deadline sweep's function, as the schedule invokes it: it reads the deadline index and says what it found. */
    private static void sweepsTheDeadlines() throws Exception {
        try (PaymentDeadlineHandler sweep = new PaymentDeadlineHandler()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sweep.handleRequest(new ByteArrayInputStream("{\"source\":\"aws.events\"}".getBytes(StandardCharsets.UTF_8)), out, null);
            String answer = out.toString(StandardCharsets.UTF_8);
            check(answer.contains("\"waiting\":0") && answer.contains("\"cancelled\":0"), "the sweep answered " + answer);
        }
    }

    /**
     * The order API with its webhook secret in Secrets Manager, as the stack sets it, against a stand-in for the Secrets
     * Manager API (the SDK's {@code aws.endpointUrlSecretsManager}): a webhook signed with that secret gets past the
     * signature (404: no order waits for this payment), one signed with another is 401.
     */
    private static void readsTheWebhookSecretFromSecretsManager(String orderId) throws Exception {
        HttpServer secretsApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secretsApi.createContext("/", exchange -> {
            byte[] body = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook\",\"Name\":\"webhook\",\"SecretString\":\"whsec_smoke\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secretsApi.start();
        System.setProperty("aws.endpointUrlSecretsManager", "http://127.0.0.1:" + secretsApi.getAddress().getPort());
        System.setProperty("orch.payment.webhook-secret-arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook");
        try {
            OrderApiHandler api = new OrderApiHandler();
            String event = "{\"id\":\"evt_smoke\",\"type\":\"payment.succeeded\",\"data\":{\"order_id\":\"00000000-0000-4000-8000-000000000000\","
                    + "\"reference\":\"pay_smoke\",\"amount\":19.99}}";
            check(webhook(api, event, "whsec_smoke").getStatusCode() == 404, "a webhook signed with the secret did not get past its signature");
            check(webhook(api, event, "whsec_other").getStatusCode() == 401, "a webhook signed with another secret was not refused");
        } finally {
            System.clearProperty("orch.payment.webhook-secret-arn");
            secretsApi.stop(0);
        }
    }

    private static APIGatewayProxyResponseEvent webhook(OrderApiHandler api, String event, String secret) {
        String signature = WebhookSignature.sign(event, secret, Instant.now());
        return api.handleRequest(new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST").withPath("/payments/webhook")
                .withHeaders(Map.of("Content-Type", "application/json", WebhookSignature.HEADER, signature))
                .withMultiValueHeaders(Map.of("Content-Type", List.of("application/json"), WebhookSignature.HEADER, List.of(signature)))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("smoke-webhook").withStage("smoke"))
                .withBody(event), null);
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
