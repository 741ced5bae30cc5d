package io.serverlessorch.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.payments.WebhookSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Orders sent to a running local system over HTTP, and followed to their end. */
final class OrderScenarios {

    static final Set<String> TERMINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private final URI api;

    OrderScenarios(URI api) {
        this.api = api;
    }

    /** Places the order; returns its id. */
    String place(String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 201) {
            throw new AssertionError("POST /orders answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body()).get("order_id").asText();
    }

    /** Asks to cancel the order, with no body; returns the status code the API answered. */
    int cancel(String orderId) {
        return send(HttpRequest.newBuilder(api.resolve("/orders/" + orderId + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /**
     * Plays the payment provider: the outcome of the order's pending payment, signed with the local run's development
     * secret as the provider signs; returns the status code the API answered.
     */
    int paymentWebhook(String eventId, String orderId, String reference, String amount, boolean succeeded) {
        String body = """
                {"id": "%s", "type": "%s", "data": {"order_id": "%s", "reference": "%s", "amount": %s}}"""
                .formatted(eventId, succeeded ? "payment.succeeded" : "payment.failed", orderId, reference, amount);
        return send(HttpRequest.newBuilder(api.resolve("/payments/webhook"))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(body, PaymentProperties.DEVELOPMENT_SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
    }

    JsonNode get(String orderId) {
        return read(send(HttpRequest.newBuilder(api.resolve("/orders/" + orderId)).GET().build()).body());
    }

    /** The order once it is terminal and its customer has been told; fails after {@code timeout}. */
    JsonNode awaitOutcome(String orderId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode order;
        do {
            order = get(orderId);
            if (TERMINAL.contains(order.get("status").asText()) && order.hasNonNull("customer_message")) {
                return order;
            }
            pause();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("order " + orderId + " did not finish within " + timeout + ": " + order);
    }

    /** The order once it is in {@code status} (an order that waits there, as PAYMENT_PENDING); fails after {@code timeout}. */
    JsonNode awaitStatus(String orderId, OrderStatus status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode order;
        do {
            order = get(orderId);
            if (status.name().equals(order.get("status").asText())) {
                return order;
            }
            pause();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("order " + orderId + " did not reach " + status + " within " + timeout + ": " + order);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
