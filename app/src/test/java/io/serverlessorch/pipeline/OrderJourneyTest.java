package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderLine;
import io.serverlessorch.domain.Product;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import io.serverlessorch.storage.CatalogRepository;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.InventoryRepository;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.storage.dynamodb.Tables;
import io.serverlessorch.support.PipelineTestbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.serverlessorch.domain.OrderStatus.COMPLETED;
import static io.serverlessorch.domain.OrderStatus.FAILED;
import static io.serverlessorch.domain.OrderStatus.FULFILLED;
import static io.serverlessorch.domain.OrderStatus.INVENTORY_RESERVED;
import static io.serverlessorch.domain.OrderStatus.OUT_OF_STOCK;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_COMPLETED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_FAILED;
import static io.serverlessorch.domain.OrderStatus.PENDING;
import static io.serverlessorch.domain.OrderStatus.VALIDATED;
import static io.serverlessorch.domain.OrderStatus.VALIDATION_FAILED;
import static io.serverlessorch.support.PipelineTestbed.PRICE;
import static io.serverlessorch.support.PipelineTestbed.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Orders through the real steps and storage, each journey read as given / expect / undone. */
@ExtendWith(DynamoDbLocalExtension.class)
class OrderJourneyTest {

    private PipelineTestbed bed;

    @BeforeEach
    void start(URI endpoint) {
        bed = new PipelineTestbed(endpoint);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void aGoodOrderIsValidatedReservedChargedShippedAndConfirmed() {
        Order order = bed.place(draft("product-1", 3, PRICE, "tok_visa"));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(OrderPipeline.pathTo(COMPLETED), bed.statuses(order.orderId()));
        assertEquals(new BigDecimal("59.97"), done.effects().charge().amount());
        assertNotNull(done.effects().charge().reference());
        assertNotNull(done.effects().shipment().trackingNumber());
        assertTrue(done.effects().message().subject().contains("confirmed"));
        assertNull(done.effects().refund());
        assertStock("product-1", 997, 0, 3);
    }

    @Test
    void aFulfilledOrderIsConfirmedOnceByTheMoveThatCompletesIt() {
        Order order = bed.place(draft("product-1", 1, PRICE, "tok_visa"));
        Order fulfilled = order;
        while (fulfilled.status() != FULFILLED) {
            bed.deliverOneStage(fulfilled);
            fulfilled = bed.history(order.orderId()).order();
        }

        // given the FULFILLED record delivered twice
        bed.deliver(fulfilled);
        OrderHistory confirmed = bed.history(order.orderId());
        bed.deliver(fulfilled);
        OrderHistory done = bed.history(order.orderId());

        // expect one confirmation, kept on the order itself, and one move to COMPLETED
        assertEquals(2, bed.callsTo(Step.NOTIFICATION, StepRequest.Action.EXECUTE));
        assertEquals(COMPLETED, done.order().status());
        assertEquals(confirmed.effects().message(), done.effects().message());
        assertTrue(done.effects().message().subject().contains("confirmed"));
        assertEquals(done.order().updatedAt(), done.effects().message().at(), "sent with the move that completed the order");
        assertEquals(confirmed.order().version(), done.order().version(), "the second delivery moved nothing");
        assertTrue(done.order().statusReason().startsWith("customer told"), done.order().statusReason());
        long messageItems = bed.dynamoDb().scan(r -> r.tableName(bed.tables().orders())).items().stream()
                .filter(item -> item.get(Tables.Orders.SORT_KEY).s().startsWith("EFFECT#")).count();
        assertEquals(0, messageItems, "no effect item: the message is an attribute of the order");
    }

    @Test
    void aTamperedPriceFailsValidationAndTouchesNothing() {
        Order order = bed.place(draft("product-1", 1, new BigDecimal("0.01"), null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(List.of(PENDING, VALIDATION_FAILED), bed.statuses(order.orderId()));
        assertTrue(done.order().statusReason().contains("19.99"), done.order().statusReason());
        assertTrue(done.effects().message().subject().contains("could not be completed"));
        assertNull(done.effects().charge());
        assertStock("product-1", 1000, 0, 0);
    }

    static Stream<Arguments> storedOrdersThatBreakTheApisRules() {
        return Stream.of(
                arguments("a negative quantity and total", List.of(new OrderLine("product-1", -5, PRICE)), new BigDecimal("-99.95"), "quantity -5"),
                arguments("a total that is not the sum of the lines", List.of(new OrderLine("product-1", 2, PRICE)), new BigDecimal("0.01"), "total 0.01"),
                arguments("no lines", List.of(), new BigDecimal("0.00"), "0 lines"),
                arguments("a product twice", List.of(new OrderLine("product-1", 1, PRICE), new OrderLine("product-1", 1, PRICE)),
                        new BigDecimal("39.98"), "repeats a product"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedOrdersThatBreakTheApisRules")
    void aStoredOrderThatBreaksTheApisRulesFailsValidationWithNothingHeldOrCharged(String name, List<OrderLine> lines, BigDecimal total,
                                                                                   String named) {
        // given an order written to the table by other means than the API
        Order valid = bed.place(draft("product-1", 1, PRICE, "tok_visa"));
        Order tampered = new Order(UUID.randomUUID().toString(), PENDING, valid.customer(), lines, total, valid.shippingAddress(),
                valid.payment(), valid.createdAt(), valid.createdAt(), 0, null);
        bed.orders().create(tampered, "written-by-hand");

        OrderHistory done = bed.drive(tampered.orderId());

        // expect it refused by the validator, nothing reserved or charged
        assertEquals(List.of(PENDING, VALIDATION_FAILED), bed.statuses(tampered.orderId()));
        assertTrue(done.order().statusReason().contains("breaks the API's rules") && done.order().statusReason().contains(named),
                done.order().statusReason());
        assertNull(done.effects().charge());
        assertStock("product-1", 1000, 0, 0);
    }

    @Test
    void aLineLargerThanAnyBucketIsServedFromSeveralAndShippedFromThem() {
        // given 200 units in 8 buckets of 25: no bucket alone holds 60
        Order order = bed.place(draft(PipelineTestbed.HOT_PRODUCT, 60, PipelineTestbed.HOT_PRICE, "tok_visa"));

        OrderHistory done = bed.drive(order.orderId());

        // expect it sold, every unit counted once
        assertEquals(COMPLETED, done.order().status(), done.order().statusReason());
        assertStock(PipelineTestbed.HOT_PRODUCT, 140, 0, 60);
    }

    @Test
    void aSplitLineThatCannotBePaidForGoesBackToTheBucketsItCameFrom() {
        Order order = bed.place(draft(PipelineTestbed.HOT_PRODUCT, 60, PipelineTestbed.HOT_PRICE, "tok_declined"));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(PAYMENT_FAILED, done.order().status());
        assertStock(PipelineTestbed.HOT_PRODUCT, 200, 0, 0);
    }

    @Test
    void aLineHeldOnlyWhereItsReleaseCanBeWrittenToo() {
        // given 1,000 units in 100 buckets of 10: a release writes two items more than the stock it returns
        bed.context().getBean(CatalogRepository.class).save(Product.stocked("product-scattered", "Cable", new BigDecimal("10.00"), 1000).inBuckets(100));
        Order releasable = bed.place(draft("product-scattered", 980, new BigDecimal("10.00"), "tok_declined"));
        Order tooScattered = bed.place(draft("product-scattered", 990, new BigDecimal("10.00"), "tok_declined"));

        // expect 98 buckets held and given back; 99 never held, since their release would not fit one transaction
        assertEquals(PAYMENT_FAILED, bed.drive(releasable.orderId()).order().status());
        assertEquals(OUT_OF_STOCK, bed.drive(tooScattered.orderId()).order().status());
        assertStock("product-scattered", 1000, 0, 0);
    }

    @Test
    void aLineLargerThanAllBucketsTogetherIsOutOfStockWithNothingHeld() {
        Order order = bed.place(draft(PipelineTestbed.HOT_PRODUCT, 201, PipelineTestbed.HOT_PRICE, "tok_visa"));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(OUT_OF_STOCK, done.order().status());
        assertStock(PipelineTestbed.HOT_PRODUCT, 200, 0, 0);
    }

    @Test
    void aTotalAboveTheLimitFailsValidationWithBothAmountsInTwoDecimals() {
        Order order = bed.place(draft("product-1", 1000, PRICE, null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(List.of(PENDING, VALIDATION_FAILED), bed.statuses(order.orderId()));
        assertEquals("the total 19990.00 is above the limit of 10000.00", done.order().statusReason());
        assertNull(done.effects().charge());
    }

    @Test
    void anUnknownProductFailsValidation() {
        Order order = bed.place(draft("product-404", 1, PRICE, null));

        assertEquals(List.of(PENDING, VALIDATION_FAILED), bed.statuses(bed.drive(order.orderId()).order().orderId()));
        assertTrue(bed.history(order.orderId()).order().statusReason().contains("unknown product product-404"));
    }

    @Test
    void noStockMeansOutOfStockAndNothingHeld() {
        Order order = bed.place(draft("product-soldout", 1, new BigDecimal("299.00"), null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(OUT_OF_STOCK, done.order().status());
        assertNull(done.effects().stockReservedAt());
        assertNotNull(done.effects().message());
        assertStock("product-soldout", 0, 0, 0);
    }

    @Test
    void aDeclinedCardFailsPaymentAndReleasesTheStock() {
        Order order = bed.place(draft("product-limited", 2, new BigDecimal("99.00"), "tok_declined"));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(OrderPipeline.pathTo(PAYMENT_FAILED), bed.statuses(order.orderId()));
        assertNotNull(done.effects().stockReleasedAt());
        assertNull(done.effects().charge());
        assertStock("product-limited", 10, 0, 0);
    }

    @Test
    void anUnavailableProviderIsRetriedThenTheOrderFailsWithStockReleased() {
        Order order = bed.place(draft("product-limited", 1, new BigDecimal("99.00"), "tok_unavailable"));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(FAILED, done.order().status());
        assertEquals(3, bed.callsTo(Step.PAYMENT, StepRequest.Action.EXECUTE), "three attempts");
        assertNull(done.effects().charge());
        assertNotNull(done.effects().stockReleasedAt());
        assertNotNull(done.effects().message());
        assertStock("product-limited", 10, 0, 0);
    }

    @Test
    void aFulfillmentThatKeepsFailingRefundsAndReleases() {
        bed.injectFaults(real -> PipelineTestbed.failing(real, Step.FULFILLMENT, StepRequest.Action.EXECUTE));
        Order order = bed.place(draft("product-1", 2, PRICE, null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(FAILED, done.order().status());
        assertNotNull(done.effects().charge());
        assertEquals(done.effects().charge().amount(), done.effects().refund().amount());
        assertNotNull(done.effects().stockReleasedAt());
        assertStock("product-1", 1000, 0, 0);
    }

    @Test
    void aNotificationThatKeepsFailingNeverUndoesAFulfilledOrder() {
        bed.injectFaults(real -> PipelineTestbed.failing(real, Step.NOTIFICATION, StepRequest.Action.EXECUTE));
        Order order = bed.place(draft("product-1", 1, PRICE, null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(COMPLETED, done.order().status());
        assertTrue(done.order().statusReason().contains("confirmation could not be sent"));
        assertNull(done.effects().refund());
        assertStock("product-1", 999, 0, 1);
    }

    @Test
    void aCompensationThatKeepsFailingLeavesTheOrderWhereItWasToBeTriedAgain() {
        bed.injectFaults(real -> PipelineTestbed.failing(real, Step.INVENTORY, StepRequest.Action.COMPENSATE));
        Order order = bed.place(draft("product-limited", 1, new BigDecimal("99.00"), "tok_declined"));

        assertThrows(RetryTheRecordException.class, () -> bed.drive(order.orderId()));

        assertEquals(INVENTORY_RESERVED, bed.history(order.orderId()).order().status());
        bed.injectFaults(real -> real);
        assertEquals(PAYMENT_FAILED, bed.drive(order.orderId()).order().status());
        assertStock("product-limited", 10, 0, 0);
    }

    @Test
    void aRecordDeliveredTwiceChargesOnce() {
        Order order = bed.place(draft("product-1", 1, PRICE, null));
        bed.deliverOneStage(order);
        bed.deliverOneStage(order);
        Order validated = bed.history(order.orderId()).order();
        bed.deliverOneStage(validated);
        Order reserved = bed.history(order.orderId()).order();
        bed.deliverOneStage(reserved);
        bed.deliverOneStage(reserved);
        bed.deliverOneStage(validated);

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(COMPLETED, done.order().status());
        assertEquals(OrderPipeline.pathTo(COMPLETED), bed.statuses(order.orderId()));
        assertStock("product-1", 999, 0, 1);
    }

    @Test
    void aCreationDeliveredTwiceRunsEveryStepOnceAndTheSecondDeliveryFindsTheOrderDone() {
        Order order = bed.place(draft("product-1", 1, PRICE, null));

        bed.deliver(order);
        bed.deliver(order);

        assertEquals(COMPLETED, bed.history(order.orderId()).order().status());
        assertEquals(2, bed.callsTo(Step.VALIDATOR, StepRequest.Action.EXECUTE), "the second delivery asked the validator, whose move was refused");
        for (Step step : List.of(Step.INVENTORY, Step.PAYMENT, Step.FULFILLMENT, Step.NOTIFICATION)) {
            assertEquals(1, bed.callsTo(step, StepRequest.Action.EXECUTE), step.name());
        }
        assertEquals(OrderPipeline.pathTo(COMPLETED), bed.statuses(order.orderId()));
        assertStock("product-1", 999, 0, 1);
    }

    @Test
    void aFailureNamesTheStepThatKeptFailing() {
        bed.injectFaults(real -> PipelineTestbed.failing(real, Step.INVENTORY, StepRequest.Action.EXECUTE));
        Order order = bed.place(draft("product-1", 1, PRICE, null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(FAILED, done.order().status());
        assertEquals("inventory kept failing: injected failure", done.order().statusReason());
    }

    @Test
    void aChargeWhoseAnswerIsLostChargesOnce() {
        bed.injectFaults(real -> new CrashAfterFirstEffect(real, Step.PAYMENT));
        Order order = bed.place(draft("product-1", 1, PRICE, null));

        OrderHistory done = bed.drive(order.orderId());

        assertEquals(COMPLETED, done.order().status());
        assertEquals(2, bed.callsTo(Step.PAYMENT, StepRequest.Action.EXECUTE), "the step charged and moved the order, its answer was lost, the retry found the order moved on");
        assertNull(done.effects().refund());
        assertStock("product-1", 999, 0, 1);
    }

    @Test
    void aLateRecordForAnOrderThatMovedOnReservesNothing() {
        Order order = bed.place(draft("product-limited", 1, new BigDecimal("99.00"), "tok_declined"));
        bed.deliverOneStage(order);
        Order validated = bed.history(order.orderId()).order();
        assertEquals(PAYMENT_FAILED, bed.drive(order.orderId()).order().status());

        bed.deliver(validated);

        assertEquals(PAYMENT_FAILED, bed.history(order.orderId()).order().status());
        assertStock("product-limited", 10, 0, 0);
    }

    @Test
    void aLateRecordForAnOrderThatFailedChargesNothing() {
        bed.injectFaults(real -> PipelineTestbed.failing(real, Step.FULFILLMENT, StepRequest.Action.EXECUTE));
        Order order = bed.place(draft("product-1", 1, PRICE, "tok_visa"));
        bed.deliverOneStage(order);
        bed.deliverOneStage(bed.history(order.orderId()).order());
        Order reserved = bed.history(order.orderId()).order();
        OrderHistory failed = bed.drive(order.orderId());
        assertEquals(FAILED, failed.order().status());

        bed.deliver(reserved);

        OrderHistory after = bed.history(order.orderId());
        assertEquals(failed.order(), after.order(), "the late record moved nothing");
        assertEquals(failed.effects(), after.effects(), "one charge, refunded; nothing charged again");
        assertStock("product-1", 1000, 0, 0);
    }

    @Test
    void anUndoTellsNothingToUndoFromAStaleRequest() {
        InventoryRepository inventory = bed.context().getBean(InventoryRepository.class);
        LedgerRepository ledger = bed.context().getBean(LedgerRepository.class);
        Order order = bed.place(draft("product-1", 1, PRICE, null));
        bed.deliverOneStage(order);
        Order validated = bed.history(order.orderId()).order();

        assertEquals(EffectResult.NOT_APPLICABLE, inventory.release(validated, Instant.now()), "nothing is held yet");
        assertEquals(EffectResult.NOT_APPLICABLE, ledger.refund(validated, Instant.now()), "nothing is charged yet");
        assertEquals(EffectResult.STALE, inventory.release(order, Instant.now()), "the order has moved on from PENDING");
        assertEquals(EffectResult.STALE, ledger.refund(order, Instant.now()));
        assertStock("product-1", 1000, 0, 0);
    }

    private void assertStock(String productId, long stock, long reserved, long shipped) {
        Product product = bed.product(productId);
        assertEquals(List.of(stock, reserved, shipped), List.of(product.stock(), product.reserved(), product.shipped()),
                "stock, reserved, shipped of " + productId);
    }

    /** The step's effect happens, then the answer is lost: the first call of {@code step} throws after running. */
    static final class CrashAfterFirstEffect implements StepInvoker {
        private final StepInvoker real;
        private final Step step;
        private boolean crashed;

        CrashAfterFirstEffect(StepInvoker real, Step step) {
            this.real = real;
            this.step = step;
        }

        @Override
        public StepResult invoke(StepRequest request) {
            StepResult result = real.invoke(request);
            if (request.step() == step && !crashed) {
                crashed = true;
                throw new IllegalStateException("crashed after the effect");
            }
            return result;
        }
    }
}
