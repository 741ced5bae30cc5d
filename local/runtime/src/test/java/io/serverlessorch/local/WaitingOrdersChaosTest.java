package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.stream.InMemoryDeadLetters;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import io.serverlessorch.storage.dynamodb.Tables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.serverlessorch.local.SampleCatalog.orderRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Customers cancelling at random moments, and a payment provider answering late, three times and out of order,
 * while hundreds of orders run with every stream record delivered twice and every step's answer lost once after
 * its write. Whatever the timing: an order a 202 cancelled ends CANCELLED and is never shipped, a 409 leaves it
 * not cancelled; stock is conserved; every cent charged is kept by a completed order or refunded; every customer is
 * told exactly once.
 */
class WaitingOrdersChaosTest {

    private static final int ORDERS = 200;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<String> PRODUCTS = List.of("product-1", "product-2", "product-limited");

    @BeforeAll
    static void quickRetriesAndAShortPaymentDeadline() {
        System.setProperty("orch.pipeline.first-backoff", "5ms");
        System.setProperty("orch.pipeline.max-backoff", "20ms");
        System.setProperty("orch.payment.confirmation-timeout", "8s");
    }

    @AfterAll
    static void usualSettings() {
        System.clearProperty("orch.pipeline.first-backoff");
        System.clearProperty("orch.pipeline.max-backoff");
        System.clearProperty("orch.payment.confirmation-timeout");
    }

    /** What the client does with an order after placing it. */
    enum Plan {
        /** Nothing: it runs to its end. */
        LEAVE,
        /** Cancel it after a random pause of up to 3 s: some cancels come early, some after fulfillment. */
        CANCEL,
        /** A challenged payment: the provider confirms it (three times, with a failure among them, out of order). */
        CONFIRM,
        /** A challenged payment the provider refuses (three times, with a success after the first). */
        REFUSE,
        /** A challenged payment the customer cancels while it waits, at the same moment as the provider confirms it. */
        CANCEL_WHILE_CONFIRMED,
        /** A challenged payment the provider confirms just as its deadline passes: either may win, never both. */
        CONFIRM_AT_THE_DEADLINE,
        /** A challenged payment no one confirms: its deadline passes, and the provider's success comes after. */
        EXPIRE_THEN_CONFIRM
    }

    record Placed(String orderId, Plan plan, String productId, int quantity, int cancelAnswer) {
    }

    @Test
    void cancelsAndWebhooksAtRandomMomentsWithEveryRecordTwiceAndEveryStepsAnswerLostOnce() throws Exception {
        Set<String> crashed = ConcurrentHashMap.newKeySet();
        Faults chaos = new Faults(
                real -> (event, context) -> {
                    DynamodbEvent doubled = new DynamodbEvent();
                    List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
                    event.getRecords().forEach(record -> {
                        records.add(record);
                        records.add(record);
                    });
                    doubled.setRecords(records);
                    StreamsEventResponse first = real.handleRequest(doubled, context);
                    return first.getBatchItemFailures().isEmpty() ? real.handleRequest(event, context) : first;
                },
                real -> request -> {
                    StepResult result = real.invoke(request);
                    if (crashed.add(request.order().orderId() + request.step() + request.action())) {
                        throw new IllegalStateException("step crashed after its write");
                    }
                    return result;
                });
        LocalEventSourceMapping.Settings stream = LocalEventSourceMapping.Settings.defaults().withRetryBackoff(Duration.ofMillis(20));
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0, stream, chaos))) {
            Map<String, Long> stockedBefore = totals(system);
            OrderScenarios client = new OrderScenarios(system.apiUrl());
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Placed>> placed = new ArrayList<>();
            AtomicInteger events = new AtomicInteger();
            for (int i = 0; i < ORDERS; i++) {
                Plan plan = Plan.values()[i % Plan.values().length];
                String productId = i % 10 == 0 ? "product-limited" : PRODUCTS.get(i % 2);
                int quantity = 1 + i % 2;
                long seed = i;
                placed.add(clients.submit(() -> play(client, plan, productId, quantity, new Random(seed), events)));
            }
            List<Placed> orders = new ArrayList<>();
            for (Future<Placed> order : placed) {
                orders.add(order.get());
            }
            clients.shutdown();
            List<JsonNode> outcomes = new ArrayList<>();
            for (Placed order : orders) {
                outcomes.add(client.awaitOutcome(order.orderId(), PATIENCE));
            }
            assertTrue(system.awaitPipelineIdle(PATIENCE), "the pipeline settles");

            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal kept = BigDecimal.ZERO;
            BigDecimal refunded = BigDecimal.ZERO;
            Map<String, Long> shipped = new ConcurrentHashMap<>();
            for (int i = 0; i < orders.size(); i++) {
                Placed order = orders.get(i);
                JsonNode outcome = client.get(order.orderId());
                String status = outcome.get("status").asText();
                String id = order.orderId() + " (" + order.plan() + ")";
                assertNotNull(outcome.get("customer_message"), "every customer is told: " + id);
                assertEquals(1, messagesOf(system, order.orderId()), "told exactly once: " + id);
                if (order.cancelAnswer() == 202) {
                    assertEquals("CANCELLED", status, "a 202 cancel is a promise: " + id + " " + outcome);
                    assertFalse(outcome.has("shipment") && !outcome.get("shipment").isNull(), "never shipped: " + id);
                } else if (order.cancelAnswer() == 409) {
                    assertFalse(status.equals("CANCELLED"), "a 409 cancel cancels nothing: " + id);
                }
                switch (order.plan()) {
                    case CONFIRM -> assertEquals("COMPLETED", status, id + " " + outcome);
                    case CANCEL_WHILE_CONFIRMED -> assertEquals("CANCELLED", status, "a cancel before fulfillment wins: " + id + " " + outcome);
                    case CONFIRM_AT_THE_DEADLINE -> assertTrue(Set.of("COMPLETED", "CANCELLED").contains(status), id + " " + outcome);
                    case REFUSE -> assertEquals("PAYMENT_FAILED", status, id + " " + outcome);
                    case EXPIRE_THEN_CONFIRM -> assertEquals("CANCELLED", status, id + " " + outcome);
                    default -> {
                        // LEAVE ends COMPLETED (or OUT_OF_STOCK for the limited product); the cancels, as their answer said
                    }
                }
                JsonNode payment = outcome.get("payment");
                BigDecimal total = outcome.get("total").decimalValue();
                if (payment.hasNonNull("amount_charged")) {
                    charged = charged.add(payment.get("amount_charged").decimalValue());
                    if (status.equals("COMPLETED")) {
                        kept = kept.add(total);
                        assertFalse(payment.hasNonNull("refunded_at"), "a completed order keeps its payment: " + id);
                    } else {
                        assertTrue(payment.hasNonNull("refunded_at"), "an order that did not complete keeps no money: " + id + " " + outcome);
                        refunded = refunded.add(total);
                    }
                }
                if (status.equals("COMPLETED")) {
                    shipped.merge(order.productId(), (long) order.quantity(), Long::sum);
                }
            }
            assertEquals(0, charged.compareTo(kept.add(refunded)), "charged " + charged + " = kept " + kept + " + refunded " + refunded);
            assertTrue(refunded.signum() > 0, "some money came back: the test exercises refunds");
            var catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
            for (String productId : PRODUCTS) {
                Product product = catalog.find(productId).orElseThrow();
                assertEquals(stockedBefore.get(productId), product.stock() + product.reserved() + product.shipped(), "stock is conserved: " + productId);
                assertEquals(0, product.reserved(), "nothing stays held: " + productId);
                assertEquals(shipped.getOrDefault(productId, 0L), product.shipped(), "shipped exactly what completed orders bought: " + productId);
            }
            long cancelledBy202 = orders.stream().filter(order -> order.cancelAnswer() == 202).count();
            assertTrue(cancelledBy202 > 0 && orders.stream().anyMatch(order -> order.cancelAnswer() == 409),
                    "cancels both won and lost their races: " + cancelledBy202 + " won");
            assertTrue(((InMemoryDeadLetters) system.deadLetters()).lines().isEmpty(), "no dead letters");
        }
    }

    /** Places one order and does what its plan says, answering what the API said to a cancel (0: none sent). */
    private static Placed play(OrderScenarios client, Plan plan, String productId, int quantity, Random random, AtomicInteger events)
            throws InterruptedException {
        boolean challenged = plan != Plan.LEAVE && plan != Plan.CANCEL;
        String price = productId.equals("product-limited") ? "99.00" : productId.equals("product-2") ? "5.00" : "19.99";
        String orderId = client.place(orderRequest(productId, quantity, price, challenged ? "tok_3ds" : null));
        int cancelAnswer = 0;
        switch (plan) {
            case LEAVE -> {
            }
            case CANCEL -> {
                Thread.sleep(random.nextInt(3_000));
                cancelAnswer = client.cancel(orderId);
            }
            case CONFIRM, REFUSE, CANCEL_WHILE_CONFIRMED, CONFIRM_AT_THE_DEADLINE, EXPIRE_THEN_CONFIRM -> {
                JsonNode waiting;
                try {
                    waiting = client.awaitStatus(orderId, OrderStatus.PAYMENT_PENDING, Duration.ofSeconds(30));
                } catch (AssertionError endedFirst) {
                    // the limited product sold out before this order held any: nothing to pay for
                    return new Placed(orderId, Plan.LEAVE, productId, quantity, 0);
                }
                String reference = waiting.get("payment").get("reference").asText();
                String amount = waiting.get("total").asText();
                boolean succeeds = plan != Plan.REFUSE;
                if (plan == Plan.CANCEL_WHILE_CONFIRMED) {
                    CompletableFuture<Integer> cancel = CompletableFuture.supplyAsync(() -> client.cancel(orderId));
                    int confirmed = client.paymentWebhook("evt_c" + events.incrementAndGet(), orderId, reference, amount, true);
                    cancelAnswer = cancel.join();
                    assertEquals(200, confirmed, "the confirmation racing the cancel is taken: " + orderId);
                }
                if (plan == Plan.CONFIRM_AT_THE_DEADLINE) {
                    Duration untilDue = Duration.between(Instant.now(), Instant.parse(waiting.get("payment").get("confirm_by").asText()));
                    Thread.sleep(Math.max(0, untilDue.toMillis()));
                }
                if (plan == Plan.EXPIRE_THEN_CONFIRM) {
                    client.awaitStatus(orderId, OrderStatus.CANCELLED, Duration.ofSeconds(60));
                }
                // The same event three times; for a success, a contradicting failure slips in first, or last.
                String event = "evt_" + events.incrementAndGet();
                List<Integer> answers = new ArrayList<>();
                if (plan == Plan.CONFIRM && random.nextBoolean()) {
                    answers.add(client.paymentWebhook("evt_x" + events.incrementAndGet(), orderId, reference, amount, false));
                    succeeds = false;
                }
                for (int delivery = 0; delivery < 3; delivery++) {
                    answers.add(client.paymentWebhook(event, orderId, reference, amount, succeeds));
                }
                if (plan == Plan.REFUSE) {
                    answers.add(client.paymentWebhook("evt_y" + events.incrementAndGet(), orderId, reference, amount, true));
                }
                assertEquals(Set.of(200), Set.copyOf(answers), "every delivery is taken: " + orderId + " " + plan);
                if (!succeeds && plan == Plan.CONFIRM) {
                    return new Placed(orderId, Plan.REFUSE, productId, quantity, cancelAnswer);
                }
            }
        }
        return new Placed(orderId, plan, productId, quantity, cancelAnswer);
    }

    /** The messages stored for an order: the confirmation on the order item, or a message item. */
    private static long messagesOf(LocalSystem system, String orderId) {
        return system.dynamoDb().query(r -> r.tableName(system.tables().orders())
                        .keyConditionExpression("#pk = :id")
                        .expressionAttributeNames(Map.of("#pk", Tables.Orders.PARTITION_KEY))
                        .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(orderId)))
                        .consistentRead(true)).items().stream()
                .filter(item -> Tables.Orders.MESSAGE.equals(item.get(Tables.Orders.SORT_KEY).s())
                        || Tables.Orders.ORDER_ITEM.equals(item.get(Tables.Orders.SORT_KEY).s()) && item.containsKey("message"))
                .count();
    }

    private static Map<String, Long> totals(LocalSystem system) {
        var catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
        Map<String, Long> totals = new ConcurrentHashMap<>();
        for (String productId : PRODUCTS) {
            Product product = catalog.find(productId).orElseThrow();
            totals.put(productId, product.stock() + product.reserved() + product.shipped());
        }
        return totals;
    }
}
