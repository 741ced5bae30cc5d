package io.serverlessorch.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.stream.InMemoryDeadLetters;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.serverlessorch.local.SampleCatalog.orderRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of orders through the local pipeline while things go wrong on purpose. Whatever the fault, the
 * same invariants hold: every order ends, each as its scenario says; no effect happens twice; stock is
 * conserved; every customer is told once.
 */
class PipelineChaosTest {

    // Steps retry with short waits here, so the injected failures cost seconds, not minutes.
    @BeforeAll
    static void quickRetries() {
        System.setProperty("orch.pipeline.first-backoff", "5ms");
        System.setProperty("orch.pipeline.max-backoff", "20ms");
    }

    @AfterAll
    static void usualRetries() {
        System.clearProperty("orch.pipeline.first-backoff");
        System.clearProperty("orch.pipeline.max-backoff");
    }

    private static final int ORDERS = 240;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final List<String> PRODUCTS = List.of("product-1", "product-2", "product-3", "product-limited", "product-soldout");

    /** One order of the mix and the status it must end in (product-limited: COMPLETED or OUT_OF_STOCK). */
    record Scenario(String body, String productId, int quantity, Set<String> expected) {
    }

    static List<Scenario> mix() {
        List<Scenario> mix = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Scenario scenario = switch (i % 12) {
                case 0 -> new Scenario(orderRequest("product-limited", 1, "99.00", null), "product-limited", 1, Set.of("COMPLETED", "OUT_OF_STOCK"));
                case 1 -> new Scenario(orderRequest("product-2", 2, "5.00", "tok_declined"), "product-2", 2, Set.of("PAYMENT_FAILED"));
                case 2 -> new Scenario(orderRequest("product-2", 1, "5.00", "tok_unavailable"), "product-2", 1, Set.of("FAILED"));
                case 3 -> new Scenario(orderRequest("product-1", 1, "1.99", null), "product-1", 1, Set.of("VALIDATION_FAILED"));
                case 4 -> new Scenario(orderRequest("product-soldout", 1, "299.00", null), "product-soldout", 1, Set.of("OUT_OF_STOCK"));
                case 5 -> new Scenario(orderRequest("product-3", 1, "149.50", "tok_visa"), "product-3", 1, Set.of("COMPLETED"));
                default -> new Scenario(orderRequest("product-1", 1 + i % 3, "19.99", null), "product-1", 1 + i % 3, Set.of("COMPLETED"));
            };
            mix.add(scenario);
        }
        return mix;
    }

    @Test
    void everyRecordDeliveredTwice() throws Exception {
        runAndCheck(Faults.inStreamProcessor(real -> (event, context) -> {
            DynamodbEvent doubled = new DynamodbEvent();
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            event.getRecords().forEach(record -> {
                records.add(record);
                records.add(record);
            });
            doubled.setRecords(records);
            real.handleRequest(doubled, context);
            return real.handleRequest(event, context);
        }));
    }

    @Test
    void aCrashAfterEachStepsWriteBeforeItsAnswer() throws Exception {
        Set<String> crashed = ConcurrentHashMap.newKeySet();
        AtomicInteger batches = new AtomicInteger();
        Faults faults = new Faults(
                // The processor dies after handling every third batch, before answering: the batch comes again.
                real -> (event, context) -> {
                    StreamsEventResponse response = real.handleRequest(event, context);
                    if (batches.incrementAndGet() % 3 == 0) {
                        throw new IllegalStateException("stream processor crashed after its work");
                    }
                    return response;
                },
                // Each step, the first time it works on an order, does its work (effect and move) and then the answer is lost.
                real -> request -> {
                    StepResult result = real.invoke(request);
                    if (crashed.add(request.order().orderId() + request.step() + request.action())) {
                        throw new IllegalStateException("step crashed after its write");
                    }
                    return result;
                });
        runAndCheck(faults);
    }

    /**
     * The stream processor dies right after each effect of a chained order (every stage's write: the validator's
     * move, the hold, the charge, the shipment, the message, each undo), before the chain goes on. Nothing in the
     * invocation outlives that: the batch fails, and its records are delivered again, each carrying its order on
     * from where it then stands.
     */
    @Test
    void theProcessorDyingAfterEveryEffectOfAChainedOrder() throws Exception {
        Set<String> died = ConcurrentHashMap.newKeySet();
        Faults faults = Faults.inSteps(real -> request -> {
            StepResult result = real.invoke(request);
            if (result.outcome() == StepResult.Outcome.SUCCEEDED && died.add(request.order().orderId() + request.step() + request.action())) {
                throw new ProcessDied();
            }
            return result;
        });
        // Every order dies up to six times, and its batch with it: enough retries for each to get through.
        runAndCheck(faults, LocalEventSourceMapping.Settings.defaults().withRetryBackoff(Duration.ofMillis(20)).withMaxRetryAttempts(1_000),
                system -> {
                }, system -> assertTrue(((InMemoryDeadLetters) system.deadLetters()).lines().isEmpty(),
                        "no dead letters: " + ((InMemoryDeadLetters) system.deadLetters()).lines()));
        assertTrue(died.size() >= ORDERS * 2, "every order's chain died after its effects: " + died.size() + " deaths");
    }

    /** The process ends: an Error, which nothing in the processor catches, as nothing outlives a killed process. */
    static final class ProcessDied extends Error {
        ProcessDied() {
            super("the stream processor died after a step's write");
        }
    }

    @Test
    void transientStepFailures() throws Exception {
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        // Each step fails twice for each order before it works: inside the retry budget, so outcomes are unchanged.
        runAndCheck(Faults.inSteps(real -> request -> {
            AtomicInteger count = failures.computeIfAbsent(request.order().orderId() + request.step() + request.action(), k -> new AtomicInteger());
            if (count.incrementAndGet() <= 2) {
                throw new IllegalStateException("step unavailable");
            }
            return real.invoke(request);
        }));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLettersAndTheOrdersBehindItComplete() throws Exception {
        runAndCheck(Faults.NONE, system -> system.dynamoDb().putItem(r -> r.tableName(system.tables().orders()).item(Map.of(
                "order_id", AttributeValue.fromS("poison-order"),
                "sk", AttributeValue.fromS("ORDER"),
                "status", AttributeValue.fromS("PENDING"),
                "created_at", AttributeValue.fromS("2026-01-01T00:00:00.000Z")))), system -> {
            var letters = ((InMemoryDeadLetters) system.deadLetters()).letters();
            assertEquals(1, letters.size(), letters.toString());
            assertEquals(1, letters.get(0).records().size(), "the poison record alone: " + letters);
            assertEquals("poison-order", letters.get(0).records().get(0).keys().get("order_id"));
        });
    }

    private void runAndCheck(Faults faults) throws Exception {
        runAndCheck(faults, system -> {
        }, system -> assertTrue(((InMemoryDeadLetters) system.deadLetters()).lines().isEmpty(),
                "no dead letters: " + ((InMemoryDeadLetters) system.deadLetters()).lines()));
    }

    private void runAndCheck(Faults faults, Consumer<LocalSystem> midway,
                             Consumer<LocalSystem> deadLetterCheck) throws Exception {
        runAndCheck(faults, LocalEventSourceMapping.Settings.defaults().withRetryBackoff(Duration.ofMillis(20)), midway, deadLetterCheck);
    }

    private void runAndCheck(Faults faults, LocalEventSourceMapping.Settings stream, Consumer<LocalSystem> midway,
                             Consumer<LocalSystem> deadLetterCheck) throws Exception {
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, null, 0, stream, faults))) {
            Map<String, Long> stockedBefore = totals(system);
            OrderScenarios client = new OrderScenarios(system.apiUrl());
            List<Scenario> mix = mix();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 0; i < mix.size(); i++) {
                Scenario scenario = mix.get(i);
                placed.add(clients.submit(() -> client.place(scenario.body())));
                if (i == mix.size() / 2) {
                    midway.accept(system);
                }
            }
            List<JsonNode> outcomes = new ArrayList<>();
            for (Future<String> orderId : placed) {
                outcomes.add(client.awaitOutcome(orderId.get(), PATIENCE));
            }
            clients.shutdown();
            assertTrue(system.awaitPipelineIdle(PATIENCE), "the pipeline settles");

            assertInvariants(system, mix, outcomes, stockedBefore);
            assertEveryStatusInTheHistory(client, outcomes);
            deadLetterCheck.accept(system);
        }
    }

    private void assertInvariants(LocalSystem system, List<Scenario> mix, List<JsonNode> outcomes, Map<String, Long> stockedBefore) {
        Map<String, Long> shippedUnits = new HashMap<>();
        int limitedCompleted = 0;
        for (int i = 0; i < mix.size(); i++) {
            Scenario scenario = mix.get(i);
            JsonNode order = outcomes.get(i);
            String status = order.get("status").asText();
            String id = order.get("order_id").asText();
            assertTrue(scenario.expected().contains(status), id + " ended " + status + ", expected " + scenario.expected() + ": " + order);
            assertNotNull(order.get("customer_message"), "every customer is told: " + id);

            List<String> history = new ArrayList<>();
            order.get("history").forEach(change -> history.add(change.get("status").asText()));
            assertEquals(history.size(), history.stream().distinct().count(), "no status entered twice: " + history);

            JsonNode payment = order.get("payment");
            boolean charged = payment.has("reference");
            switch (status) {
                case "COMPLETED" -> {
                    assertTrue(charged, "a completed order is paid: " + id);
                    assertEquals(0, payment.get("amount_charged").decimalValue().compareTo(order.get("total").decimalValue()));
                    assertFalse(payment.has("refunded_at"));
                    assertNotNull(order.get("shipment"));
                    shippedUnits.merge(scenario.productId(), (long) scenario.quantity(), Long::sum);
                    if (scenario.productId().equals("product-limited")) {
                        limitedCompleted++;
                    }
                }
                case "FAILED" -> assertEquals(charged, payment.has("refunded_at"), "a failed order keeps no money: " + id);
                default -> assertFalse(charged, "nothing is charged for a " + status + " order: " + id);
            }
        }
        assertEquals(10, limitedCompleted, "the 10 units of product-limited are all sold, never more");

        var catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
        for (String productId : PRODUCTS) {
            Product product = catalog.find(productId).orElseThrow();
            assertEquals(stockedBefore.get(productId), product.stock() + product.reserved() + product.shipped(), "stock is conserved: " + productId);
            assertEquals(0, product.reserved(), "nothing stays held once every order has ended: " + productId);
            assertEquals(shippedUnits.getOrDefault(productId, 0L), product.shipped(), "shipped exactly what completed orders bought: " + productId);
        }
    }

    /** Each completed order's history, once the pipeline is idle, holds every status on its way, once and in order. */
    private static void assertEveryStatusInTheHistory(OrderScenarios client, List<JsonNode> outcomes) {
        List<String> path = OrderPipeline.pathTo(OrderStatus.COMPLETED).stream().map(Enum::name).toList();
        for (JsonNode outcome : outcomes) {
            if (outcome.get("status").asText().equals(OrderStatus.COMPLETED.name())) {
                List<String> history = new ArrayList<>();
                client.get(outcome.get("order_id").asText()).get("history").forEach(change -> history.add(change.get("status").asText()));
                assertEquals(path, history, "the history of " + outcome.get("order_id").asText());
            }
        }
    }

    private static Map<String, Long> totals(LocalSystem system) {
        var catalog = new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog());
        Map<String, Long> totals = new HashMap<>();
        for (String productId : PRODUCTS) {
            Product product = catalog.find(productId).orElseThrow();
            totals.put(productId, product.stock() + product.reserved() + product.shipped());
        }
        return totals;
    }
}
