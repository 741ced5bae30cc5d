package io.serverlessorch.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serverlessorch.testing.browser.HeadlessChromium.DevToolsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Chrome DevTools Protocol session over a WebSocket: commands with ids answered through pending
 * futures, and events handed to listeners by method name. Events and answers are handled one at a time,
 * in the order the browser sent them, on the WebSocket's reading thread: listeners must not block (in
 * particular they must not send commands and wait for the answer).
 */
final class DevToolsConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevToolsConnection.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonNode>>> listeners = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final WebSocket socket;
    private volatile String closedBecause;

    private record Pending(String method, CompletableFuture<JsonNode> answer) {
    }

    private DevToolsConnection(HttpClient http, URI webSocketUrl, Duration timeout) throws Exception {
        this.socket = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(webSocketUrl, new Reader())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static DevToolsConnection open(HttpClient http, URI webSocketUrl, Duration timeout) throws Exception {
        return new DevToolsConnection(http, webSocketUrl, timeout);
    }

    /** Calls {@code listener} with the {@code params} of every {@code method} event from now on. */
    void on(String method, Consumer<JsonNode> listener) {
        listeners.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void off(String method, Consumer<JsonNode> listener) {
        List<Consumer<JsonNode>> forMethod = listeners.get(method);
        if (forMethod != null) {
            forMethod.remove(listener);
        }
    }

    /**
     * Sends a command and waits for its result.
     *
     * @throws DevToolsException when the browser answers with an error, the connection closes, or no
     *                           answer comes within {@code timeout}
     */
    JsonNode send(String method, ObjectNode params, Duration timeout) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, new Pending(method, answer));
        try {
            if (closedBecause != null) {
                throw new DevToolsException(method + ": the DevTools connection is closed (" + closedBecause + ")");
            }
            // A WebSocket takes one outgoing message at a time.
            synchronized (sendLock) {
                socket.sendText(message.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DevToolsException(method + ": no answer from the browser within " + describe(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DevToolsException) {
                throw new DevToolsException(cause.getMessage(), cause);
            }
            throw new DevToolsException(method + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevToolsException(method + ": interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        failAll("closed by the test");
        try {
            synchronized (sendLock) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.debug("DevTools close handshake did not complete: {}", e.toString());
        } finally {
            socket.abort();
        }
    }

    private void failAll(String reason) {
        if (closedBecause == null) {
            closedBecause = reason;
        }
        for (Pending p : pending.values()) {
            p.answer().completeExceptionally(new DevToolsException(
                    p.method() + ": the DevTools connection closed before the answer (" + reason + ")"));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            LOG.warn("Unreadable DevTools message ({}): {}", e.getMessage(), abbreviate(text));
            return;
        }
        if (message.hasNonNull("id")) {
            Pending p = pending.get(message.get("id").asLong());
            if (p == null) {
                return; // its sender gave up (timed out)
            }
            JsonNode error = message.get("error");
            if (error != null) {
                p.answer().completeExceptionally(new DevToolsException(p.method() + " failed: "
                        + error.path("message").asText() + describeData(error)));
            } else {
                p.answer().complete(message.path("result"));
            }
            return;
        }
        String method = message.path("method").asText(null);
        List<Consumer<JsonNode>> forMethod = method == null ? null : listeners.get(method);
        if (forMethod == null) {
            return;
        }
        JsonNode params = message.path("params");
        for (Consumer<JsonNode> listener : forMethod) {
            try {
                listener.accept(params);
            } catch (RuntimeException e) {
                LOG.warn("DevTools listener for {} failed", method, e);
            }
        }
    }

    private static String describeData(JsonNode error) {
        String data = error.path("data").asText("");
        return data.isEmpty() ? "" : " (" + data + ")";
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** Reads whole messages: a large one (a screenshot) arrives in several fragments. */
    private final class Reader implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String whole = message.toString();
                message.setLength(0);
                dispatch(whole);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll("closed by the browser: " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll("connection error: " + error);
        }
    }
}
