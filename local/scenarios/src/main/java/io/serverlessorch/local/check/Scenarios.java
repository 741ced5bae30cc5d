package io.serverlessorch.local.check;

import io.serverlessorch.domain.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.serverlessorch.local.SampleCatalog.orderRequest;

/**
 * The scenarios {@code scripts/local_test.sh --api-url} checks: orders followed to their end, and requests
 * that must be refused.
 */
public final class Scenarios {

    static final Set<String> TERMINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /** One line of the report. */
    record Outcome(String scenario, String expected, String actual, double seconds) {
        boolean passed() {
            return expected.equals(actual);
        }
    }

    private final ApiClient api;
    private final Duration patience;

    Scenarios(ApiClient api, Duration patience) {
        this.api = api;
        this.patience = patience;
    }

    List<Outcome> run() {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(follow("happy path", "COMPLETED", orderRequest("product-1", 2, "19.99", "tok_visa")));
        outcomes.add(follow("unknown product", "VALIDATION_FAILED", orderRequest("product-unknown", 1, "1.00", null)));
        outcomes.add(follow("tampered price", "VALIDATION_FAILED", orderRequest("product-3", 1, "1.50", null)));
        outcomes.add(follow("out of stock", "OUT_OF_STOCK", orderRequest("product-soldout", 1, "299.00", null)));
        outcomes.add(follow("payment declined", "PAYMENT_FAILED", orderRequest("product-2", 1, "5.00", "tok_declined")));
        outcomes.add(follow("payment unavailable", "FAILED", orderRequest("product-2", 1, "5.00", "tok_unavailable")));
        outcomes.add(idempotentRetry());
        outcomes.add(refused("malformed JSON", "400", "{\"customer\": ", JSON));
        outcomes.add(refused("unknown field", "400", orderRequest("product-1", 1, "19.99", null).replace("\"customer\"", "\"discount\": 1, \"customer\""), JSON));
        outcomes.add(refused("zero quantity", "400", orderRequest("product-1", 0, "19.99", null), JSON));
        outcomes.add(refused("wrong content type", "415", orderRequest("product-1", 1, "19.99", null), Map.of("Content-Type", "text/plain")));
        Instant started = Instant.now();
        ApiClient.Response unknown = api.get("/orders/00000000-0000-4000-8000-000000000000");
        outcomes.add(new Outcome("unknown order", "404", Integer.toString(unknown.status()), seconds(started)));
        return outcomes;
    }

    private Outcome follow(String name, String expected, String body) {
        Instant placed = Instant.now();
        ApiClient.Response created = api.post("/orders", body, JSON);
        if (created.status() != 201) {
            return new Outcome(name, expected, "HTTP " + created.status(), seconds(placed));
        }
        return new Outcome(name, expected, awaitEnd(ApiClient.field(created.body(), "order_id")), seconds(placed));
    }

    private Outcome idempotentRetry() {
        String key = "local-test-" + UUID.randomUUID();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", key);
        String body = orderRequest("product-1", 1, "19.99", null);
        Instant placed = Instant.now();
        ApiClient.Response first = api.post("/orders", body, headers);
        ApiClient.Response retry = api.post("/orders", body, headers);
        ApiClient.Response reused = api.post("/orders", orderRequest("product-1", 2, "19.99", null), headers);
        String firstId = ApiClient.field(first.body(), "order_id");
        if (first.status() != 201 || retry.status() != 201 || firstId == null || !firstId.equals(ApiClient.field(retry.body(), "order_id"))) {
            return new Outcome("idempotent retry", "COMPLETED, one order", "two orders or an error", seconds(placed));
        }
        if (reused.status() != 409) {
            return new Outcome("idempotent retry", "COMPLETED, one order", "key reuse answered " + reused.status(), seconds(placed));
        }
        String end = awaitEnd(firstId);
        return new Outcome("idempotent retry", "COMPLETED, one order", end.equals("COMPLETED") ? "COMPLETED, one order" : end, seconds(placed));
    }

    private Outcome refused(String name, String expected, String body, Map<String, String> headers) {
        Instant sent = Instant.now();
        ApiClient.Response response = api.post("/orders", body, headers);
        boolean problem = response.contentType().startsWith("application/problem+json");
        return new Outcome(name, expected, response.status() + (problem ? "" : " (not a problem+json body)"), seconds(sent));
    }

    /** The order's terminal status once its customer has been told, or what it was when patience ran out. */
    private String awaitEnd(String orderId) {
        Instant deadline = Instant.now().plus(patience);
        String status = "unknown";
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response order = api.get("/orders/" + orderId);
            status = order.status() == 200 ? ApiClient.field(order.body(), "status") : "HTTP " + order.status();
            if (TERMINAL.contains(status) && order.body().contains("\"customer_message\"")) {
                return status;
            }
            pause();
        }
        return status + " after " + patience.toSeconds() + " s";
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
