package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays API Gateway's REST proxy integration on this machine: each HTTP request becomes an
 * {@link APIGatewayProxyRequestEvent} for the same handler class that runs in AWS, and its proxy response
 * becomes the HTTP response.
 */
public final class ApiGatewayHttpBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHttpBridge.class);
    /** API Gateway refuses payloads above 10 MB before they reach the function; so do we. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /** The order API function's timeout in the stacks. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(15);

    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
    private final HttpServer server;
    private final ExecutorService workers;

    public ApiGatewayHttpBridge(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                                String host, int port, int threads) throws IOException {
        this.handler = handler;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.workers = Executors.newFixedThreadPool(threads);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES);
            if (body == null) {
                send(exchange, 413, Map.of("Content-Type", List.of("application/problem+json")),
                        ("{\"type\":\"about:blank\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                                + "\"detail\":\"API Gateway accepts at most 10 MB\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            APIGatewayProxyResponseEvent response = handler.handleRequest(toEvent(exchange, body), new LocalLambdaContext("order-api", API_TIMEOUT));
            send(exchange, response.getStatusCode(), headersOf(response), bodyOf(response));
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails.
            LOG.error("The API handler failed", e);
            send(exchange, 502, Map.of("Content-Type", List.of("application/json")),
                    "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    static APIGatewayProxyRequestEvent toEvent(HttpExchange exchange, byte[] body) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multiHeaders.put(name, List.copyOf(values));
        });
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                query.put(name, value);
                multiQuery.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        String method = exchange.getRequestMethod();
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(uri.getPath())
                .withResource("/{proxy+}")
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("local")
                        .withHttpMethod(method)
                        .withPath(uri.getPath())
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())));
    }

    private static Map<String, List<String>> headersOf(APIGatewayProxyResponseEvent response) {
        Map<String, List<String>> headers = new HashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        if (response.getMultiValueHeaders() != null) {
            headers.putAll(response.getMultiValueHeaders());
        }
        return headers;
    }

    private static byte[] bodyOf(APIGatewayProxyResponseEvent response) {
        if (response.getBody() == null) {
            return new byte[0];
        }
        return Boolean.TRUE.equals(response.getIsBase64Encoded())
                ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Date")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The whole body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
