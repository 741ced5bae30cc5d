package io.serverlessorch.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.serverlessorch.handlers.OrderApiHandler;
import io.serverlessorch.storage.dynamodb.TableNames;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls {@link OrderApiHandler} the way API Gateway's REST proxy integration does: an event in, a proxy
 * response out.
 */
public final class ApiGateway implements AutoCloseable {

    private final OrderApiHandler handler;

    public ApiGateway(URI dynamoDbEndpoint, TableNames tables) {
        this.handler = new OrderApiHandler(context(dynamoDbEndpoint, tables));
    }

    private ApiGateway(OrderApiHandler handler) {
        this.handler = handler;
    }

    /**
     * The handler on a context started before the handler could add the API's settings: its DynamoDB client retries
     * on the pipeline's budget, as the API's did before it had its own (for comparing the two).
     */
    public static ApiGateway withThePipelinesRetries(URI dynamoDbEndpoint, TableNames tables) {
        return new ApiGateway(new OrderApiHandler(context(dynamoDbEndpoint, tables).start()));
    }

    private static ApplicationContext context(URI dynamoDbEndpoint, TableNames tables) {
        return ApplicationContext.builder()
                .properties(Map.of(
                        "aws.services.dynamodb.endpoint-override", dynamoDbEndpoint.toString(),
                        "orch.tables.orders", tables.orders(),
                        "orch.tables.catalog", tables.catalog()))
                .build();
    }

    public OrderApiHandler handler() {
        return handler;
    }

    public APIGatewayProxyResponseEvent get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, Map.of());
    }

    public APIGatewayProxyResponseEvent postJson(String path, String body) {
        return send("POST", path, body, Map.of("Content-Type", "application/json"));
    }

    public APIGatewayProxyResponseEvent postJson(String path, String body, String idempotencyKey) {
        return send("POST", path, body, Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey));
    }

    /**
     * As an IAM-authorized stage passes a request signed by {@code userArn}: the principal in the request context's
     * identity.
     */
    public APIGatewayProxyResponseEvent postJsonAs(String userArn, String path, String body, String idempotencyKey) {
        return sendAll("POST", path, body, Map.of("Content-Type", List.of("application/json"), "Idempotency-Key", List.of(idempotencyKey)),
                new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1").withUserArn(userArn)
                        .withAccountId(userArn.split(":")[4]));
    }

    public APIGatewayProxyResponseEvent send(String method, String pathAndQuery, String body, Map<String, String> headers) {
        Map<String, List<String>> multiHeaders = new HashMap<>();
        headers.forEach((k, v) -> multiHeaders.put(k, List.of(v)));
        return sendAll(method, pathAndQuery, body, multiHeaders);
    }

    /**
     * With headers given several times, as API Gateway passes them: {@code headers} holds the last value,
     * {@code multiValueHeaders} all. A body without Content-Length is what a chunked request becomes.
     */
    public APIGatewayProxyResponseEvent sendAll(String method, String pathAndQuery, String body, Map<String, List<String>> headerValues) {
        // As a stage without authorization passes a request: no principal.
        return sendAll(method, pathAndQuery, body, headerValues, new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1"));
    }

    private APIGatewayProxyResponseEvent sendAll(String method, String pathAndQuery, String body, Map<String, List<String>> headerValues,
                                                 APIGatewayProxyRequestEvent.RequestIdentity identity) {
        URI uri = URI.create(pathAndQuery);
        Map<String, String> query = new HashMap<>();
        Map<String, List<String>> multiQuery = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? kv[1] : "");
                multiQuery.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
            }
        }
        Map<String, List<String>> multiHeaders = new HashMap<>(headerValues);
        multiHeaders.putIfAbsent("Accept", List.of("application/json"));
        if (body != null && !multiHeaders.containsKey("Transfer-Encoding")) {
            multiHeaders.putIfAbsent("Content-Length", List.of(Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)));
        }
        Map<String, String> allHeaders = new HashMap<>();
        multiHeaders.forEach((k, v) -> allHeaders.put(k, v.get(v.size() - 1)));

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(uri.getPath())
                .withResource("/{proxy+}")
                .withHeaders(allHeaders)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("test")
                        .withHttpMethod(method)
                        .withPath(uri.getPath())
                        .withIdentity(identity));
        return handler.handleRequest(event, null);
    }

    @Override
    public void close() {
        handler.getApplicationContext().close();
    }
}
