package io.serverlessorch.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.PropertySource;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.json.JsonMapper;
import io.serverlessorch.api.Problem;
import io.serverlessorch.api.RequestScreen;
import io.serverlessorch.config.DynamoDbClientRetries;
import io.serverlessorch.logging.LogContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order API Lambda: API Gateway (REST, proxy integration) events in, proxy responses out, routed by
 * Micronaut to {@link io.serverlessorch.api.OrderController}. The local run calls this same class.
 */
public class OrderApiHandler extends ApiGatewayProxyRequestEventFunction {

    private final SnapStartPriming snapStart;

    /** Lambda's entry point. */
    public OrderApiHandler() {
        super();
        snapStart = SnapStartPriming.register("order-api", this::prime);
    }

    /** @param applicationContext when not yet started, the API's settings are added to it; a started one keeps its own */
    public OrderApiHandler(ApplicationContext applicationContext) {
        super(withApiSettings(applicationContext));
        snapStart = null;
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionContexts.builder().propertySources(API_SETTINGS);
    }

    /** What makes a context the API function's: its DynamoDB client retries on the API's budget. */
    private static final PropertySource API_SETTINGS = PropertySource.of("order-api",
            Map.of(DynamoDbClientRetries.BUDGET_PROPERTY, DynamoDbClientRetries.API));

    private static ApplicationContext withApiSettings(ApplicationContext context) {
        if (!context.isRunning()) {
            context.getEnvironment().addPropertySource(API_SETTINGS);
        }
        return context;
    }

    /** Requests Micronaut's HTTP layer cannot even represent are answered here, as problems like the rest. */
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        LogContext.invocationStarted(context == null ? null : context.getAwsRequestId());
        try {
            Optional<Problem> refused = RequestScreen.beforeRouting(event.getHttpMethod(), event.getPath(), headerValues(event));
            // Micronaut would register the Lambda context as beans on every call; no controller reads them.
            return refused.isPresent() ? problem(refused.get()) : super.handleRequest(event, null);
        } finally {
            LogContext.invocationEnded();
        }
    }

    /** SnapStart priming: requests that end before storage (an unknown order id, an invalid order). */
    void prime() {
        SnapStartPriming.primeApi(event -> handleRequest(event, null));
    }

    private static Map<String, List<String>> headerValues(APIGatewayProxyRequestEvent event) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name, List.of(String.valueOf(value))));
        }
        if (event.getMultiValueHeaders() != null) {
            headers.putAll(event.getMultiValueHeaders());
        }
        return headers;
    }

    private APIGatewayProxyResponseEvent problem(Problem problem) {
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(problem.status())
                    .withHeaders(Map.of("Content-Type", Problem.MEDIA_TYPE))
                    .withBody(getApplicationContext().getBean(JsonMapper.class).writeValueAsString(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
