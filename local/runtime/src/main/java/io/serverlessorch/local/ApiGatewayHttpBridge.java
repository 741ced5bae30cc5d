package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.serverlessorch.local.monitoring.DashboardPage;
import io.serverlessorch.local.monitoring.LocalMonitoring;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays API Gateway's REST proxy integration on this machine: each HTTP request becomes an
 * {@link APIGatewayProxyRequestEvent} for the same handler class that runs in AWS, and its proxy response
 * becomes the HTTP response. Jetty reads the HTTP: it waits for slow clients without holding a thread, times
 * them out, and refuses malformed requests; every refusal of its own is an RFC 9457 problem, as the
 * deployed API's gateway responses are.
 */
public final class ApiGatewayHttpBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHttpBridge.class);
    /** API Gateway refuses payloads above 10 MB before they reach the function; so do we, however the body is framed. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    /** API Gateway's limit on the request line and headers together. */
    static final int MAX_HEADER_BYTES = 10 * 1024;
    /** The order API function's timeout in the stacks. */
    static final Duration API_TIMEOUT = Duration.ofSeconds(15);
    /** A connection that sends or reads nothing for this long is closed; a half-sent request gets a 408 first. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** A body must arrive in full within this long after the headers, or the answer is 408. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    /**
     * A request's line and headers must arrive within this long (checked each period: cut between one and two
     * periods after they began). The idle timeout alone never ends a client that trickles a byte every 8 s.
     */
    static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    /** Threads for requests whose body has arrived; clients still sending headers or a body hold none. */
    static final int MAX_THREADS = 64;

    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;
    private final LocalMonitoring monitoring;
    private final DocsPage docs = new DocsPage();
    private final Server server;
    private final QueuedThreadPool threads;
    private final ServerConnector connector;

    /**
     * @param host the address to listen on: {@code 127.0.0.1} keeps the API on this machine
     * @param port the port, 0 for any free one
     */
    public ApiGatewayHttpBridge(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                                String host, int port) {
        this(handler, host, port, null);
    }

    /**
     * @param monitoring told of every answer (API Gateway's metrics), and serving {@code /dashboard}; null for
     *                   neither
     */
    public ApiGatewayHttpBridge(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                                String host, int port, LocalMonitoring monitoring) {
        this.handler = handler;
        this.monitoring = monitoring;
        threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("local-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                if (connection instanceof HttpConnection http) {
                    watchHeaders(http);
                }
            }
        });
        server.addConnector(connector);
        // Stopping takes no new connections, answers new requests on open ones 503, and waits (at most the API's
        // timeout) for the requests in flight to be answered before anything behind them closes.
        server.setHandler(new GracefulHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        }));
        server.setStopTimeout(API_TIMEOUT.toMillis());
        server.setErrorHandler(new ProblemErrorHandler());
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("The local API could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Closes {@code connection} when it is still in the headers of the same request as one deadline ago. */
    private void watchHeaders(HttpConnection connection) {
        server.getScheduler().schedule(new Runnable() {
            private long requestInHeaders = -1;

            @Override
            public void run() {
                if (!connection.getEndPoint().isOpen()) {
                    return;
                }
                HttpParser parser = connection.getParser();
                long request = !parser.isStart() && parser.inHeaderState() ? connection.getMessagesIn() : -1;
                if (request >= 0 && request == requestInHeaders) {
                    LOG.debug("Closing a connection whose request headers took more than {}", HEADER_DEADLINE);
                    connection.getEndPoint().close();
                    return;
                }
                requestInHeaders = request;
                server.getScheduler().schedule(this, HEADER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, HEADER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve(Request request, Response response, Callback done) {
        if (DocsPage.serves(request.getHttpURI().getPath())) {
            // Swagger UI, a page of the local run like the dashboard: left out of API Gateway's metrics too.
            docs.handle(request, response, done);
            return;
        }
        if (monitoring != null && DashboardPage.serves(request.getHttpURI().getPath())) {
            // A page of the local run, not of the API: API Gateway's metrics leave it out.
            monitoring.dashboard().handle(request, response, done);
            return;
        }
        Callback callback = monitoring == null ? done : measured(response, done);
        String codings = request.getHeaders().get(HttpHeader.TRANSFER_ENCODING);
        if (codings != null && request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_0) {
            // RFC 9112 6.1: HTTP/1.0 has no chunked framing, so the body's end cannot be trusted.
            Problems.write(response, callback, HttpStatus.BAD_REQUEST_400, "HTTP/1.0 has no Transfer-Encoding; send a Content-Length", true);
            return;
        }
        if (codings != null && !codings.trim().equalsIgnoreCase("chunked")) {
            // Jetty undoes chunked only and hands any other coding (gzip, ...) on; API Gateway takes none of them.
            Problems.write(response, callback, HttpStatus.NOT_IMPLEMENTED_501, Problems.UNSUPPORTED_TRANSFER_ENCODING);
            return;
        }
        if (request.getLength() > MAX_PAYLOAD_BYTES) {
            Problems.write(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge().detail());
            return;
        }
        // The body is gathered as it arrives, holding no thread, and must be complete within the deadline:
        // a client trickling bytes cannot keep a thread, and cannot keep its connection forever either.
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        readBody(request, new ByteArrayOutputStream(), body);
        body.orTimeout(BODY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((bytes, failure) -> threads.execute(() -> answer(request, response, callback, bytes, failure)));
    }

    /** {@code done}, telling the monitoring what was answered and how long it took, as API Gateway's metrics would. */
    private Callback measured(Response response, Callback done) {
        long started = System.nanoTime();
        return Callback.from(() -> {
            monitoring.apiAnswered(response.getStatus(), Duration.ofNanos(System.nanoTime() - started));
            done.succeeded();
        }, failure -> {
            monitoring.apiAnswered(response.getStatus(), Duration.ofNanos(System.nanoTime() - started));
            done.failed(failure);
        });
    }

    private void answer(Request request, Response response, Callback callback, byte[] body, Throwable failure) {
        APIGatewayProxyRequestEvent event;
        try {
            if (failure != null) {
                throw refusalFor(failure);
            }
            event = toEvent(request, text(body));
        } catch (Refusal refusal) {
            // After a body that could not be read in full, the connection cannot carry another request.
            Problems.write(response, callback, refusal.status(), refusal.detail(), failure != null);
            return;
        }
        APIGatewayProxyResponseEvent answer;
        try {
            answer = handler.handleRequest(event, new LocalLambdaContext("order-api", API_TIMEOUT));
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails; the handler's own log has the cause.
            LOG.error("The order API handler failed: {}", e.toString());
            Problems.write(response, callback, HttpStatus.BAD_GATEWAY_502, "The API could not complete the request; try again later");
            return;
        }
        send(request, response, callback, localDocument(request, event, answer));
    }

    /** The OpenAPI document with this run's address as its first server; any other answer as it is. */
    private APIGatewayProxyResponseEvent localDocument(Request request, APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent answer) {
        if (answer.getStatusCode() != HttpStatus.OK_200 || !LocalOpenApiDocument.PATH.equals(event.getPath())
                || answer.getBody() == null || Boolean.TRUE.equals(answer.getIsBase64Encoded())) {
            return answer;
        }
        String url = LocalOpenApiDocument.url(request.getHeaders().get(HttpHeader.HOST), "http://localhost:" + port());
        return answer.withBody(LocalOpenApiDocument.withServerFirst(answer.getBody(), url));
    }

    /** Reads every chunk of the body into {@code into}, asking Jetty to call back when more arrives. */
    private static void readBody(Request request, ByteArrayOutputStream into, CompletableFuture<byte[]> done) {
        while (!done.isDone()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(() -> readBody(request, into, done));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            if (into.size() + bytes.remaining() > MAX_PAYLOAD_BYTES) {
                chunk.release();
                done.completeExceptionally(tooLarge());
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            into.writeBytes(copy);
            chunk.release();
            if (chunk.isLast()) {
                done.complete(into.toByteArray());
            }
        }
    }

    /** Why the body could not be read, as the answer to the client. */
    private static Refusal refusalFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refusal refusal) {
                return refusal;
            }
            if (cause instanceof HttpException http && http.getCode() != HttpStatus.REQUEST_TIMEOUT_408) {
                // Malformed framing, such as a chunk size that is not hexadecimal.
                return new Refusal(http.getCode(), Problems.jettyDetail(http.getCode(), http.getReason()));
            }
        }
        return new Refusal(HttpStatus.REQUEST_TIMEOUT_408, "The request body did not arrive in full within "
                + BODY_DEADLINE.toSeconds() + " s");
    }

    /** The body as text, or a refusal when it is not UTF-8; null when there is none. */
    private static String text(byte[] body) throws Refusal {
        if (body.length == 0) {
            return null;
        }
        try {
            return PercentDecoding.utf8(body);
        } catch (CharacterCodingException e) {
            throw new Refusal(HttpStatus.BAD_REQUEST_400, "The body is not valid UTF-8");
        }
    }

    private static Refusal tooLarge() {
        return new Refusal(HttpStatus.PAYLOAD_TOO_LARGE_413, "The body is larger than the " + MAX_PAYLOAD_BYTES + " bytes API Gateway accepts");
    }

    /**
     * The event API Gateway's REST proxy integration sends: the path as the client sent it (still
     * percent-encoded, the handler decodes it once), headers and query parameters with their last value and
     * with all of them.
     */
    static APIGatewayProxyRequestEvent toEvent(Request request, String body) throws Refusal {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getName();
            String key = multiHeaders.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(name);
            headers.put(key, field.getValue());
            multiHeaders.computeIfAbsent(key, k -> new ArrayList<>()).add(field.getValue());
        }
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = request.getHttpURI().getQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] nameAndValue = pair.split("=", 2);
                String name = PercentDecoding.decodeQueryPart(nameAndValue[0]);
                String value = nameAndValue.length > 1 ? PercentDecoding.decodeQueryPart(nameAndValue[1]) : "";
                query.put(name, value);
                multiQuery.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withResource("/{proxy+}")
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withStage("local")
                        .withHttpMethod(method)
                        .withPath(path)
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withSourceIp(Request.getRemoteAddr(request))));
    }

    private static void send(Request request, Response response, Callback callback, APIGatewayProxyResponseEvent answer) {
        response.setStatus(answer.getStatusCode());
        if (answer.getHeaders() != null) {
            answer.getHeaders().forEach((name, value) -> putHeader(response, name, List.of(value)));
        }
        if (answer.getMultiValueHeaders() != null) {
            answer.getMultiValueHeaders().forEach((name, values) -> putHeader(response, name, values));
        }
        byte[] body = answer.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(answer.getIsBase64Encoded()) ? Base64.getDecoder().decode(answer.getBody())
                : answer.getBody().getBytes(StandardCharsets.UTF_8);
        if (!HttpMethod.HEAD.is(request.getMethod())) {
            // A HEAD answer has no body; the length and type it announces are the handler's (those of a GET).
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void putHeader(Response response, String name, List<String> values) {
        // Jetty frames the body itself; the date is its own.
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("Transfer-Encoding")) {
            return;
        }
        response.getHeaders().remove(name);
        values.forEach(value -> response.getHeaders().add(name, value));
    }

    /** A request the front door answers itself, with a problem. */
    static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }

        String detail() {
            return getMessage();
        }
    }

    /**
     * Jetty's own refusals (a malformed request line, header or body framing, an ambiguous path, headers too
     * large, a timeout) as problems instead of its HTML pages.
     */
    private static final class ProblemErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : HttpStatus.BAD_REQUEST_400;
            String message = request.getAttribute(ERROR_MESSAGE) instanceof String text ? text : null;
            Problems.write(response, callback, status, Problems.jettyDetail(status, message));
            return true;
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the local API: {}", e.toString());
        }
    }
}
