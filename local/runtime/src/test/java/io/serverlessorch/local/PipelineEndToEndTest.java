package io.serverlessorch.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.local.stream.LocalEventSourceMapping;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.storage.dynamodb.DynamoCatalogRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.serverlessorch.local.SampleCatalog.orderRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Orders posted over HTTP to the local run, followed through the stream-driven pipeline to their end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private LocalSystem system;
    private OrderScenarios orders;

    @BeforeAll
    void start() {
        // Polled more often than Lambda's 250 ms: each order waits through five stream hops.
        system = LocalSystem.start(new LocalSystem.Options(0, null, 0,
                LocalEventSourceMapping.Settings.defaults().withIdlePollInterval(Duration.ofMillis(100)), Faults.NONE));
        orders = new OrderScenarios(system.apiUrl());
    }

    @AfterAll
    void stop() {
        system.close();
    }

    @Test
    void aGoodOrderIsCompletedWithItsWholeHistory() {
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-3", 2, "149.50", "tok_visa")), PATIENCE);

        assertEquals("COMPLETED", done.get("status").asText());
        assertEquals(names(OrderPipeline.pathTo(OrderStatus.COMPLETED)), statuses(done));
        assertEquals("299.00", done.get("payment").get("amount_charged").decimalValue().toPlainString());
        assertTrue(done.get("payment").get("reference").asText().startsWith("pay_"));
        assertTrue(done.get("shipment").get("tracking_number").asText().startsWith("TRK"));
        assertTrue(done.get("customer_message").get("subject").asText().contains("confirmed"));
    }

    @Test
    void anUnknownProductFailsValidation() {
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-404", 1, "1.00", null)), PATIENCE);
        assertEquals("VALIDATION_FAILED", done.get("status").asText());
        assertTrue(done.get("status_reason").asText().contains("product-404"));
    }

    @Test
    void aTamperedPriceFailsValidation() {
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-1", 1, "0.99", null)), PATIENCE);
        assertEquals("VALIDATION_FAILED", done.get("status").asText());
        assertTrue(done.get("status_reason").asText().contains("19.99"));
        assertFalse(done.has("shipment"));
    }

    @Test
    void aSoldOutProductIsOutOfStock() {
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-soldout", 1, "299.00", null)), PATIENCE);
        assertEquals("OUT_OF_STOCK", done.get("status").asText());
        assertTrue(done.get("customer_message").get("subject").asText().contains("could not be completed"));
    }

    @Test
    void aDeclinedCardReleasesTheReservation() {
        long before = product("product-2").stock();
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-2", 4, "5.00", "tok_declined")), PATIENCE);

        assertEquals("PAYMENT_FAILED", done.get("status").asText());
        assertEquals(names(OrderPipeline.pathTo(OrderStatus.PAYMENT_FAILED)), statuses(done));
        assertFalse(done.get("payment").has("reference"));
        system.awaitPipelineIdle(PATIENCE);
        assertEquals(before, product("product-2").stock());
    }

    @Test
    void anUnavailableProviderEndsFailedWithStockReleased() {
        long before = product("product-2").stock();
        JsonNode done = orders.awaitOutcome(orders.place(orderRequest("product-2", 1, "5.00", "tok_unavailable")), PATIENCE);

        assertEquals("FAILED", done.get("status").asText());
        assertTrue(done.get("status_reason").asText().contains("payment provider is unavailable"));
        assertEquals(before, product("product-2").stock());
    }

    @Test
    void fifteenConcurrentOrdersForTenUnitsEndTenCompletedAndFiveOutOfStock() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(15);
        List<Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            placed.add(clients.submit(() -> orders.place(orderRequest("product-limited", 1, "99.00", null))));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> orderId : placed) {
            outcomes.add(orders.awaitOutcome(orderId.get(), PATIENCE).get("status").asText());
        }
        clients.shutdown();

        assertEquals(Map.of("COMPLETED", 10L, "OUT_OF_STOCK", 5L),
                outcomes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
        Product limited = product("product-limited");
        assertEquals(List.of(0L, 0L, 10L), List.of(limited.stock(), limited.reserved(), limited.shipped()));
    }

    private Product product(String productId) {
        return new DynamoCatalogRepository(system.dynamoDb(), system.tables().catalog()).find(productId).orElseThrow();
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.get("history").forEach(change -> statuses.add(change.get("status").asText()));
        return statuses;
    }

    private static List<String> names(List<OrderStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }
}
