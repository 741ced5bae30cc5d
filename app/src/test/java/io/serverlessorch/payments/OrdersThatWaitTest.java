package io.serverlessorch.payments;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.Product;
import io.serverlessorch.orders.OrderService;
import io.serverlessorch.orders.OrderService.Cancellation;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepRequest;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.support.PipelineTestbed;
import io.serverlessorch.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.serverlessorch.domain.OrderStatus.CANCELLED;
import static io.serverlessorch.domain.OrderStatus.COMPLETED;
import static io.serverlessorch.domain.OrderStatus.FULFILLED;
import static io.serverlessorch.domain.OrderStatus.INVENTORY_RESERVED;
import static io.serverlessorch.domain.OrderStatus.OUT_OF_STOCK;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_COMPLETED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_FAILED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_PENDING;
import static io.serverlessorch.domain.OrderStatus.PENDING;
import static io.serverlessorch.domain.OrderStatus.VALIDATED;
import static io.serverlessorch.support.PipelineTestbed.PRICE;
import static io.serverlessorch.support.PipelineTestbed.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders that wait for the world outside the pipeline, through the real steps and storage: a payment the provider
 * confirms later, its deadline, and the customer's cancel. Each reads as given / when / expect.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class OrdersThatWaitTest {

    private static final String CHALLENGE = "tok_3ds";
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private PipelineTestbed bed;
    private PaymentWebhooks webhooks;
    private PaymentDeadlines deadlines;
    private OrderService orders;

    @BeforeEach
    void start(URI endpoint) {
        bed = new PipelineTestbed(endpoint);
        PaymentMetrics metrics = bed.context().getBean(PaymentMetrics.class);
        webhooks = new PaymentWebhooks(bed.orders(), bed.context().getBean(LedgerRepository.class), metrics, bed.clock());
        deadlines = new PaymentDeadlines(bed.orders(), metrics, bed.clock());
        orders = bed.context().getBean(OrderService.class);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void aChallengedPaymentWaitsWithItsStockHeldUntilTheProviderConfirmsItThenTheOrderCompletes() {
        Order order = bed.place(draft("product-1", 2, PRICE, CHALLENGE));

        OrderHistory waiting = bed.drive(order.orderId());

        assertEquals(PAYMENT_PENDING, waiting.order().status());
        OrderEffectsAssert.pending(waiting, new BigDecimal("39.98"));
        assertNull(waiting.effects().charge(), "nothing charged while the provider has not confirmed");
        assertStock("product-1", 998, 2, 0);
        assertEquals(1, bed.callsTo(Step.PAYMENT, StepRequest.Action.EXECUTE), "nothing runs while it waits");

        // when the provider confirms it
        PaymentWebhooks.Outcome outcome = webhooks.handle(success(waiting));
        OrderHistory done = bed.drive(order.orderId());

        assertEquals(PaymentWebhooks.Outcome.CONFIRMED, outcome);
        assertEquals(List.of(PENDING, VALIDATED, INVENTORY_RESERVED, PAYMENT_PENDING, PAYMENT_COMPLETED, FULFILLED, COMPLETED),
                bed.statuses(order.orderId()));
        assertEquals(waiting.effects().pendingPayment().reference(), done.effects().charge().reference());
        assertEquals(new BigDecimal("39.98"), done.effects().charge().amount());
        assertNotNull(done.effects().shipment());
        assertStock("product-1", 998, 0, 2);
    }

    @Test
    void theSameConfirmationAgainOrAFailureAfterItChangesNothing() {
        OrderHistory waiting = waitingOrder();
        webhooks.handle(success(waiting));
        OrderHistory confirmed = bed.history(waiting.order().orderId());

        assertEquals(PaymentWebhooks.Outcome.ALREADY_SETTLED, webhooks.handle(success(waiting)));
        assertEquals(PaymentWebhooks.Outcome.ALREADY_SETTLED, webhooks.handle(failure(waiting)));

        OrderHistory after = bed.history(waiting.order().orderId());
        assertEquals(confirmed.order(), after.order());
        assertEquals(confirmed.effects(), after.effects());
    }

    @Test
    void aFailedPaymentEndsTheOrderWithItsStockReleasedAndTheCustomerToldOnce() {
        OrderHistory waiting = waitingOrder();

        PaymentWebhooks.Outcome outcome = webhooks.handle(failure(waiting));
        assertEquals(PaymentWebhooks.Outcome.ALREADY_SETTLED, webhooks.handle(failure(waiting)));
        assertEquals(PaymentWebhooks.Outcome.ALREADY_SETTLED, webhooks.handle(success(waiting)), "a second outcome after the first");
        OrderHistory done = bed.drive(waiting.order().orderId());
        bed.deliver(done.order()); // its record delivered again

        assertEquals(PaymentWebhooks.Outcome.REFUSED, outcome);
        assertEquals(PAYMENT_FAILED, done.order().status());
        assertTrue(done.order().statusReason().contains("failed"), done.order().statusReason());
        assertNull(done.effects().charge());
        assertNotNull(done.effects().stockReleasedAt());
        assertStock("product-1", 1000, 0, 0);
        assertEquals(2, bed.callsTo(Step.NOTIFICATION, StepRequest.Action.EXECUTE), "asked twice (the record delivered again)");
        assertEquals(done.effects().message(), bed.history(waiting.order().orderId()).effects().message(), "told once");
    }

    @Test
    void anEventThatIsNotTheOrdersPendingPaymentIsRefusedAndChangesNothing() {
        OrderHistory waiting = waitingOrder();
        String id = waiting.order().orderId();
        String reference = waiting.effects().pendingPayment().reference();

        assertThrows(PaymentWebhooks.PaymentMismatchException.class,
                () -> webhooks.handle(new PaymentEvent("evt_1", true, id, "pay_other", waiting.order().total())));
        assertThrows(PaymentWebhooks.PaymentMismatchException.class,
                () -> webhooks.handle(new PaymentEvent("evt_2", true, id, reference, new BigDecimal("0.01"))));
        assertThrows(PaymentWebhooks.UnknownOrderException.class,
                () -> webhooks.handle(new PaymentEvent("evt_3", true, "00000000-0000-4000-8000-000000000000", reference, waiting.order().total())));
        Order paidAtOnce = bed.drive(bed.place(draft("product-1", 1, PRICE, "tok_visa")).orderId()).order();
        assertThrows(PaymentWebhooks.PaymentMismatchException.class,
                () -> webhooks.handle(new PaymentEvent("evt_4", true, paidAtOnce.orderId(), reference, paidAtOnce.total())),
                "an order that never waited for a payment");

        assertEquals(waiting.order(), bed.history(id).order());
        assertEquals(waiting.effects(), bed.history(id).effects());
    }

    @Test
    void anOrderStillWaitingAtItsDeadlineIsCancelledItsStockReleasedItsAuthorizationVoidedAndItsCustomerTold() {
        OrderHistory waiting = waitingOrder();

        PaymentDeadlines.Sweep early = deadlines.sweep();
        bed.clock().advance(TIMEOUT.plusSeconds(1));
        PaymentDeadlines.Sweep due = deadlines.sweep();
        PaymentDeadlines.Sweep again = deadlines.sweep();
        OrderHistory done = bed.drive(waiting.order().orderId());

        assertEquals(new PaymentDeadlines.Sweep(1, 0, 0, Duration.ZERO), early, "before its deadline the order only waits");
        assertEquals(1, due.ended());
        assertTrue(due.mostOverdue().compareTo(Duration.ofSeconds(1)) >= 0, due.toString());
        assertEquals(0, again.overdue(), "an order ended by the deadline leaves the deadline index");
        assertEquals(CANCELLED, done.order().status());
        assertTrue(done.order().statusReason().contains("not confirmed"), done.order().statusReason());
        assertNotNull(done.effects().authorizationVoidedAt());
        assertNull(done.effects().charge());
        assertNull(done.effects().refund());
        assertStock("product-1", 1000, 0, 0);
        assertTrue(done.effects().message().subject().contains("cancelled"), done.effects().message().subject());
        assertEquals(List.of(PENDING, VALIDATED, INVENTORY_RESERVED, PAYMENT_PENDING, CANCELLED), bed.statuses(waiting.order().orderId()));
    }

    @Test
    void aConfirmationThatArrivesAfterTheDeadlineIsChargedAndRefundedAtOnceAndTheOrderStaysCancelled() {
        OrderHistory waiting = waitingOrder();
        bed.clock().advance(TIMEOUT.plusSeconds(1));
        deadlines.sweep();
        bed.drive(waiting.order().orderId());

        PaymentWebhooks.Outcome late = webhooks.handle(success(waiting));
        PaymentWebhooks.Outcome lateAgain = webhooks.handle(success(waiting));
        OrderHistory done = bed.history(waiting.order().orderId());

        assertEquals(PaymentWebhooks.Outcome.REFUNDED, late);
        assertEquals(PaymentWebhooks.Outcome.ALREADY_SETTLED, lateAgain);
        assertEquals(CANCELLED, done.order().status());
        assertEquals(done.effects().charge().amount(), done.effects().refund().amount(), "every cent captured goes back");
        assertNull(done.effects().shipment());
    }

    @Test
    void aConfirmationThatBeatsTheDeadlineLeavesTheSweepNothingToDo() {
        OrderHistory waiting = waitingOrder();
        webhooks.handle(success(waiting));
        bed.clock().advance(TIMEOUT.plusSeconds(1));

        PaymentDeadlines.Sweep sweep = deadlines.sweep();

        assertEquals(new PaymentDeadlines.Sweep(0, 0, 0, Duration.ZERO), sweep);
        assertEquals(COMPLETED, bed.drive(waiting.order().orderId()).order().status());
    }

    /** Every status a customer may cancel in; the order is stopped there, and its own record comes after the cancel. */
    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"PENDING", "VALIDATED", "INVENTORY_RESERVED", "PAYMENT_PENDING", "PAYMENT_COMPLETED"})
    void aCancelBeforeFulfillmentEndsTheOrderCancelledWithEverythingItHeldGivenBack(OrderStatus stoppedAt) {
        Order stopped = stopAt(bed.place(draft("product-1", 3, PRICE, stoppedAt == PAYMENT_PENDING ? CHALLENGE : "tok_visa")), stoppedAt);

        Cancellation cancelled = orders.cancel(stopped.orderId(), Optional.of("changed my mind"));
        Cancellation again = orders.cancel(stopped.orderId(), Optional.empty());
        bed.deliver(stopped); // the record of where it stood comes after the cancel
        OrderHistory done = bed.drive(stopped.orderId());
        bed.deliver(done.order()); // and the CANCELLED record again

        assertEquals(Cancellation.Result.CANCELLED, cancelled.result());
        assertEquals(CANCELLED, cancelled.order().status());
        assertEquals(Cancellation.Result.ALREADY_CANCELLED, again.result());
        assertEquals(CANCELLED, done.order().status());
        assertEquals("cancelled by the customer: changed my mind", done.order().statusReason());
        assertNull(done.effects().shipment(), "never shipped");
        assertStock("product-1", 1000, 0, 0);
        if (done.effects().charge() != null) {
            assertEquals(done.effects().charge().amount(), done.effects().refund().amount());
        } else {
            assertNull(done.effects().refund());
        }
        assertEquals(stoppedAt == PAYMENT_PENDING, done.effects().authorizationVoidedAt() != null);
        assertTrue(done.effects().message().subject().contains("cancelled"));
        List<OrderStatus> expected = new ArrayList<>(pathTo(stoppedAt));
        expected.add(CANCELLED);
        assertEquals(expected, bed.statuses(stopped.orderId()));
    }

    @Test
    void anOrderHandedToFulfillmentOrEndedCannotBeCancelledAndIsLeftAsItIs() {
        Order fulfilled = stopAt(bed.place(draft("product-1", 1, PRICE, "tok_visa")), FULFILLED);
        Order completed = bed.drive(bed.place(draft("product-1", 1, PRICE, "tok_visa")).orderId()).order();
        Order soldOut = bed.drive(bed.place(draft("product-soldout", 1, new BigDecimal("299.00"), "tok_visa")).orderId()).order();

        Cancellation tooLate = orders.cancel(fulfilled.orderId(), Optional.empty());
        Cancellation done = orders.cancel(completed.orderId(), Optional.empty());
        Cancellation ended = orders.cancel(soldOut.orderId(), Optional.empty());
        Cancellation nobody = orders.cancel("00000000-0000-4000-8000-000000000000", Optional.empty());

        assertEquals(Cancellation.Result.HANDED_TO_FULFILLMENT, tooLate.result());
        assertEquals(Cancellation.Result.HANDED_TO_FULFILLMENT, done.result());
        assertEquals(Cancellation.Result.ENDED, ended.result());
        assertEquals(OUT_OF_STOCK, ended.order().status());
        assertEquals(Cancellation.Result.NO_SUCH_ORDER, nobody.result());
        assertEquals(fulfilled, bed.history(fulfilled.orderId()).order());
        assertEquals(COMPLETED, bed.drive(fulfilled.orderId()).order().status());
        assertEquals(completed, bed.history(completed.orderId()).order());
    }

    private OrderHistory waitingOrder() {
        OrderHistory waiting = bed.drive(bed.place(draft("product-1", 1, PRICE, CHALLENGE)).orderId());
        assertEquals(PAYMENT_PENDING, waiting.order().status());
        return waiting;
    }

    /** The order run stage by stage until it stands in {@code status}. */
    private Order stopAt(Order order, OrderStatus status) {
        Order now = order;
        while (now.status() != status) {
            bed.deliverOneStage(now);
            Order next = bed.history(order.orderId()).order();
            if (next.version() == now.version()) {
                throw new AssertionError("Order stopped in " + now.status() + " on its way to " + status);
            }
            now = next;
        }
        return now;
    }

    private static List<OrderStatus> pathTo(OrderStatus status) {
        if (status == PAYMENT_PENDING) {
            return List.of(PENDING, VALIDATED, INVENTORY_RESERVED, PAYMENT_PENDING);
        }
        List<OrderStatus> toCompletion = OrderPipeline.pathTo(COMPLETED);
        return toCompletion.subList(0, toCompletion.indexOf(status) + 1);
    }

    private static PaymentEvent success(OrderHistory waiting) {
        return new PaymentEvent("evt_ok_" + waiting.order().orderId().substring(0, 8), true, waiting.order().orderId(),
                waiting.effects().pendingPayment().reference(), waiting.order().total());
    }

    private static PaymentEvent failure(OrderHistory waiting) {
        return new PaymentEvent("evt_no_" + waiting.order().orderId().substring(0, 8), false, waiting.order().orderId(),
                waiting.effects().pendingPayment().reference(), waiting.order().total());
    }

    private void assertStock(String productId, long stock, long reserved, long shipped) {
        Product product = bed.product(productId);
        assertEquals(List.of(stock, reserved, shipped), List.of(product.stock(), product.reserved(), product.shipped()),
                "stock, reserved, shipped of " + productId);
    }

    private static final class OrderEffectsAssert {
        static void pending(OrderHistory waiting, BigDecimal amount) {
            var pending = waiting.effects().pendingPayment();
            assertNotNull(pending, "a pending payment");
            assertEquals(amount, pending.amount());
            assertTrue(pending.reference().startsWith("pay_"), pending.reference());
            assertEquals(TIMEOUT, Duration.between(pending.at(), pending.deadline()));
        }
    }
}
