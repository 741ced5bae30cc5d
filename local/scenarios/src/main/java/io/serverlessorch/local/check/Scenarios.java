package io.serverlessorch.local.check;

import io.serverlessorch.config.PaymentProperties;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.payments.WebhookSignature;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.OrderPipeline.Signal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.serverlessorch.local.SampleCatalog.orderRequest;

/**
 * The scenarios {@code scripts/local_test.sh --api-url} checks: orders followed to their end, and requests
 * that must be refused. The orders that wait for the payment provider ({@code tok_3ds}) are told its outcome by a
 * webhook signed as the provider signs, with {@code ORCH_PAYMENT_WEBHOOK_SECRET} (the local run's development
 * secret when unset); one is left to its deadline, read from its {@code payment.confirm_by}.
 */
public final class Scenarios {

    static final Set<String> TERMINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isTerminal).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /**
     * How long after its deadline a waiting order may still be waiting: the sweep runs every minute in AWS (every 5 s
     * locally), plus its own run and a poll. Only a scenario that fails waits this long.
     */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(90);
    private static final Pattern HISTORY_STATUS = Pattern.compile("\\{\"status\":\"([A-Z_]+)\"");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*([0-9.]+)");

    /** One line of the report. */
    record Outcome(String scenario, String expected, String actual, double seconds) {
        boolean passed() {
            return expected.equals(actual);
        }
    }

    private final ApiClient api;
    private final Duration patience;
    private final String webhookSecret;
    /** Told of a long wait before it starts, so a quiet minute is not taken for a hang. */
    private final Consumer<String> notes;

    Scenarios(ApiClient api, Duration patience, String webhookSecret, Consumer<String> notes) {
        this.api = api;
        this.patience = patience;
        this.webhookSecret = webhookSecret;
        this.notes = notes;
    }

    /** The secret the scenarios sign webhooks with: {@code ORCH_PAYMENT_WEBHOOK_SECRET}, else the development one. */
    static String webhookSecretFromEnvironment() {
        String configured = System.getenv("ORCH_PAYMENT_WEBHOOK_SECRET");
        return configured == null || configured.isBlank() ? PaymentProperties.DEVELOPMENT_SECRET : configured;
    }

    List<Outcome> run() {
        List<Outcome> outcomes = new ArrayList<>();
        // Placed first, so that its wait for the deadline passes while the others run.
        Instant expiringPlaced = Instant.now();
        Waiting expiring = placeAndAwaitWait();
        if (expiring.refusal() == null) {
            Instant late = expiring.lateAt();
            Duration wait = Duration.between(expiringPlaced, late);
            if (wait.compareTo(patience) > 0) {
                notes.accept(String.format("The \"3-D Secure expired\" check waits for its order's payment deadline, until %s (%d min);"
                        + " a local run started with ORCH_PAYMENT_CONFIRMATION_TIMEOUT=10s makes that wait short.",
                        LocalTime.ofInstant(late, ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS), wait.toMinutes()));
            }
        }
        outcomes.add(follow("happy path", "COMPLETED", orderRequest("product-1", 2, "19.99", "tok_visa")));
        outcomes.add(follow("unknown product", "VALIDATION_FAILED", orderRequest("product-unknown", 1, "1.00", null)));
        outcomes.add(follow("tampered price", "VALIDATION_FAILED", orderRequest("product-3", 1, "1.50", null)));
        outcomes.add(follow("out of stock", "OUT_OF_STOCK", orderRequest("product-soldout", 1, "299.00", null)));
        outcomes.add(follow("payment declined", "PAYMENT_FAILED", orderRequest("product-2", 1, "5.00", "tok_declined")));
        outcomes.add(follow("payment unavailable", "FAILED", orderRequest("product-2", 1, "5.00", "tok_unavailable")));
        outcomes.add(idempotentRetry());
        outcomes.add(reusedKey());
        outcomes.add(cancelEarly());
        outcomes.add(cancelTooLate());
        outcomes.add(paymentConfirmedLater("3-D Secure approved", "succeeded", OrderStatus.COMPLETED, Signal.PAYMENT_CONFIRMED, "confirmed"));
        outcomes.add(paymentConfirmedLater("3-D Secure declined", "failed", OrderStatus.PAYMENT_FAILED, Signal.PAYMENT_REFUSED, "refused"));
        outcomes.add(forgedWebhook());
        outcomes.add(refused("malformed JSON", "400", "{\"customer\": ", JSON));
        outcomes.add(refused("unknown field", "400", orderRequest("product-1", 1, "19.99", null).replace("\"customer\"", "\"discount\": 1, \"customer\""), JSON));
        outcomes.add(refused("zero quantity", "400", orderRequest("product-1", 0, "19.99", null), JSON));
        outcomes.add(refused("wrong content type", "415", orderRequest("product-1", 1, "19.99", null), Map.of("Content-Type", "text/plain")));
        Instant started = Instant.now();
        ApiClient.Response unknown = api.get("/orders/00000000-0000-4000-8000-000000000000");
        outcomes.add(new Outcome("unknown order", "404", Integer.toString(unknown.status()), seconds(started)));
        outcomes.add(deadlinePassed(expiring, expiringPlaced));
        return outcomes;
    }

    /** Cancelled while it waits for the provider: the authorization voided, the stock released, the customer told. */
    private Outcome cancelEarly() {
        String name = "cancel early";
        String expected = "CANCELLED";
        Instant placed = Instant.now();
        Waiting waiting = placeAndAwaitWait();
        if (waiting.refusal() != null) {
            return new Outcome(name, expected, waiting.refusal(), seconds(placed));
        }
        ApiClient.Response cancelled = api.send("POST", "/orders/" + waiting.orderId() + "/cancel", null, Map.of());
        if (cancelled.status() != 202 || !"CANCELLED".equals(ApiClient.field(cancelled.body(), "status"))) {
            return new Outcome(name, expected, "cancel answered " + cancelled.status(), seconds(placed));
        }
        ApiClient.Response again = api.send("POST", "/orders/" + waiting.orderId() + "/cancel", "{\"reason\": \"asked twice\"}", JSON);
        if (again.status() != 202) {
            return new Outcome(name, expected, "second cancel answered " + again.status(), seconds(placed));
        }
        String end = awaitEnd(waiting.orderId());
        String body = api.get("/orders/" + waiting.orderId()).body();
        if (end.equals("CANCELLED") && ApiClient.field(body, "voided_at") == null) {
            return new Outcome(name, expected, "CANCELLED, authorization not voided", seconds(placed));
        }
        return new Outcome(name, expected, withHistory(end, body, OrderPipeline.pathTo(OrderStatus.CANCELLED, Signal.CUSTOMER_CANCELS)),
                seconds(placed));
    }

    /** A completed order cannot be cancelled: 409, and it stays as it was. */
    private Outcome cancelTooLate() {
        String name = "cancel too late";
        String expected = "409, stays COMPLETED";
        Instant placed = Instant.now();
        ApiClient.Response created = api.post("/orders", orderRequest("product-1", 1, "19.99", "tok_visa"), JSON);
        if (created.status() != 201) {
            return new Outcome(name, expected, "HTTP " + created.status(), seconds(placed));
        }
        String orderId = ApiClient.field(created.body(), "order_id");
        String end = awaitEnd(orderId);
        if (!end.equals("COMPLETED")) {
            return new Outcome(name, expected, end + " before the cancel", seconds(placed));
        }
        ApiClient.Response refused = api.send("POST", "/orders/" + orderId + "/cancel", null, Map.of());
        String after = ApiClient.field(api.get("/orders/" + orderId).body(), "status");
        return new Outcome(name, expected, refused.status() + problem(refused) + ", stays " + after, seconds(placed));
    }

    /** A payment the provider confirms later: the order waits, then the signed webhook decides its end. */
    private Outcome paymentConfirmedLater(String name, String outcome, OrderStatus expected, Signal signal, String webhookOutcome) {
        Instant placed = Instant.now();
        Waiting waiting = placeAndAwaitWait();
        if (waiting.refusal() != null) {
            return new Outcome(name, expected.name(), waiting.refusal(), seconds(placed));
        }
        ApiClient.Response answer = webhook(waiting, outcome, webhookSecret);
        if (answer.status() != 200 || !webhookOutcome.equals(ApiClient.field(answer.body(), "outcome"))) {
            return new Outcome(name, expected.name(), "webhook answered " + answer.status() + " " + ApiClient.field(answer.body(), "outcome"),
                    seconds(placed));
        }
        String end = awaitEnd(waiting.orderId());
        return new Outcome(name, expected.name(), withHistory(end, api.get("/orders/" + waiting.orderId()).body(),
                OrderPipeline.pathTo(expected, signal)), seconds(placed));
    }

    /** A webhook signed with another secret is refused, and the order it names does not move. */
    private Outcome forgedWebhook() {
        String name = "forged webhook";
        String expected = "401, order unchanged";
        Instant placed = Instant.now();
        Waiting waiting = placeAndAwaitWait();
        if (waiting.refusal() != null) {
            return new Outcome(name, expected, waiting.refusal(), seconds(placed));
        }
        ApiClient.Response forged = webhook(waiting, "succeeded", "whsec_" + UUID.randomUUID());
        String after = ApiClient.field(api.get("/orders/" + waiting.orderId()).body(), "status");
        // Not left waiting for its deadline: it would hold its stock until then.
        api.send("POST", "/orders/" + waiting.orderId() + "/cancel", null, Map.of());
        awaitEnd(waiting.orderId());
        return new Outcome(name, expected, forged.status() + problem(forged) + ("PAYMENT_PENDING".equals(after) ? ", order unchanged" : ", now " + after),
                seconds(placed));
    }

    /** Left waiting with no word from the provider: the sweep cancels it once its deadline has passed. */
    private Outcome deadlinePassed(Waiting waiting, Instant placed) {
        String name = "3-D Secure expired";
        if (waiting.refusal() != null) {
            return new Outcome(name, "CANCELLED", waiting.refusal(), seconds(placed));
        }
        Duration untilLate = Duration.between(Instant.now(), waiting.lateAt());
        String end = awaitEnd(waiting.orderId(), untilLate.compareTo(patience) > 0 ? untilLate : patience);
        return new Outcome(name, "CANCELLED", withHistory(end, api.get("/orders/" + waiting.orderId()).body(),
                OrderPipeline.pathTo(OrderStatus.CANCELLED, Signal.DEADLINE_PASSED)), seconds(placed));
    }

    /** An order waiting in PAYMENT_PENDING, or why there is none. */
    private record Waiting(String orderId, String reference, String amount, String confirmBy, String refusal) {
        /** When the sweep has surely cancelled it: its deadline and a sweep's grace. */
        Instant lateAt() {
            return Instant.parse(confirmBy).plus(DEADLINE_GRACE);
        }
    }

    private Waiting placeAndAwaitWait() {
        ApiClient.Response created = api.post("/orders", orderRequest("product-2", 1, "5.00", "tok_3ds"), JSON);
        if (created.status() != 201) {
            return new Waiting(null, null, null, null, "HTTP " + created.status());
        }
        return awaitWait(ApiClient.field(created.body(), "order_id"));
    }

    private Waiting awaitWait(String orderId) {
        Instant deadline = Instant.now().plus(patience);
        String status = "unknown";
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response order = api.get("/orders/" + orderId);
            status = order.status() == 200 ? ApiClient.field(order.body(), "status") : "HTTP " + order.status();
            if ("PAYMENT_PENDING".equals(status)) {
                Matcher total = TOTAL.matcher(order.body());
                String confirmBy = ApiClient.field(order.body(), "confirm_by");
                String reference = ApiClient.field(order.body(), "reference");
                return reference == null || confirmBy == null || !total.find()
                        ? new Waiting(orderId, null, null, null, "PAYMENT_PENDING without reference or confirm_by")
                        : new Waiting(orderId, reference, total.group(1), confirmBy, null);
            }
            if (TERMINAL.contains(status)) {
                return new Waiting(orderId, null, null, null, status + " without waiting");
            }
            pause();
        }
        return new Waiting(orderId, null, null, null, status + " after " + patience.toSeconds() + " s");
    }

    /** The provider's word on the waiting payment, signed with {@code secret} as the provider signs. */
    private ApiClient.Response webhook(Waiting waiting, String outcome, String secret) {
        String body = "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"type\":\"payment." + outcome
                + "\",\"data\":{\"order_id\":\"" + waiting.orderId() + "\",\"reference\":\"" + waiting.reference()
                + "\",\"amount\":" + waiting.amount() + "}}";
        return api.post("/payments/webhook", body, Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(body, secret, Instant.now())));
    }

    /** The end as it is, with the history the table says it takes when that is not what the order shows. */
    private static String withHistory(String end, String orderBody, List<OrderStatus> expectedPath) {
        List<String> expected = expectedPath.stream().map(Enum::name).toList();
        if (!end.equals(expectedPath.get(expectedPath.size() - 1).name())) {
            return end;
        }
        int history = orderBody.indexOf("\"history\"");
        List<String> shown = new ArrayList<>();
        Matcher status = HISTORY_STATUS.matcher(history < 0 ? "" : orderBody.substring(history));
        while (status.find()) {
            shown.add(status.group(1));
        }
        return shown.equals(expected) ? end : end + " via " + String.join(">", shown);
    }

    private static String problem(ApiClient.Response response) {
        return response.contentType().startsWith("application/problem+json") ? "" : " (not a problem+json body)";
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
        String firstId = ApiClient.field(first.body(), "order_id");
        if (first.status() != 201 || retry.status() != 201 || firstId == null || !firstId.equals(ApiClient.field(retry.body(), "order_id"))) {
            return new Outcome("idempotent retry", "COMPLETED, one order", "two orders or an error", seconds(placed));
        }
        String end = awaitEnd(firstId);
        return new Outcome("idempotent retry", "COMPLETED, one order", end.equals("COMPLETED") ? "COMPLETED, one order" : end, seconds(placed));
    }

    /** The same Idempotency-Key with another body: a 409 problem, and the order placed under the key stays as it was. */
    private Outcome reusedKey() {
        String name = "reused key";
        String expected = "409, order unchanged";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Idempotency-Key", "local-test-" + UUID.randomUUID());
        Instant placed = Instant.now();
        ApiClient.Response first = api.post("/orders", orderRequest("product-1", 1, "19.99", null), headers);
        String firstId = ApiClient.field(first.body(), "order_id");
        if (first.status() != 201 || firstId == null) {
            return new Outcome(name, expected, "first request answered " + first.status(), seconds(placed));
        }
        ApiClient.Response reused = api.post("/orders", orderRequest("product-1", 2, "19.99", null), headers);
        if (reused.status() != 409 || !reused.contentType().startsWith("application/problem+json")) {
            return new Outcome(name, expected, "reuse answered " + reused.status() + " " + reused.contentType(), seconds(placed));
        }
        String end = awaitEnd(firstId);
        Matcher total = TOTAL.matcher(api.get("/orders/" + firstId).body());
        boolean unchanged = end.equals("COMPLETED") && total.find() && new BigDecimal(total.group(1)).compareTo(new BigDecimal("19.99")) == 0;
        return new Outcome(name, expected, unchanged ? expected : end + " (its total changed or is missing)", seconds(placed));
    }

    private Outcome refused(String name, String expected, String body, Map<String, String> headers) {
        Instant sent = Instant.now();
        ApiClient.Response response = api.post("/orders", body, headers);
        boolean problem = response.contentType().startsWith("application/problem+json");
        return new Outcome(name, expected, response.status() + (problem ? "" : " (not a problem+json body)"), seconds(sent));
    }

    /** The order's terminal status once its customer has been told, or what it was when patience ran out. */
    private String awaitEnd(String orderId) {
        return awaitEnd(orderId, patience);
    }

    private String awaitEnd(String orderId, Duration patience) {
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
