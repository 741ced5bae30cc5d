package io.serverlessorch.payments;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.OrderHistory;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.domain.StatusTransition;
import io.serverlessorch.pipeline.OrderPipeline;
import io.serverlessorch.pipeline.OrderPipeline.Signal;
import io.serverlessorch.pipeline.OrderPipeline.SignalRule;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import io.serverlessorch.storage.OrderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The payment provider's word on a payment it had left pending, taken once: a success charges the order and moves
 * it on to fulfillment, a failure ends it {@code PAYMENT_FAILED} (its stage releases the stock). The same event
 * again, or a second word after the first, changes nothing. A success for an order that was cancelled while it
 * waited is charged and refunded at once. Knows nothing of HTTP: the signature is checked before this is asked.
 */
public class PaymentWebhooks {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentWebhooks.class);

    /** Reads and moves of one event, at most: a waiting order moves once, so a second try finds it moved. */
    private static final int TRIES = 3;

    private final OrderRepository orders;
    private final LedgerRepository ledger;
    private final PaymentMetrics metrics;
    private final Clock clock;

    public PaymentWebhooks(OrderRepository orders, LedgerRepository ledger, PaymentMetrics metrics, Clock clock) {
        this.orders = orders;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What an event did. */
    public enum Outcome {
        /** The payment is confirmed: the order was charged and goes on to fulfillment. */
        CONFIRMED,
        /** The payment failed: the order ended PAYMENT_FAILED. */
        REFUSED,
        /** The order was cancelled while it waited: the payment was charged and refunded at once. */
        REFUNDED,
        /** The order had had its word already (this event again, or another): nothing changed. */
        ALREADY_SETTLED
    }

    /** An event that names no order. */
    public static final class UnknownOrderException extends RuntimeException {
        public UnknownOrderException(String message) {
            super(message);
        }
    }

    /** An event whose payment is not the order's pending one. */
    public static final class PaymentMismatchException extends RuntimeException {
        public PaymentMismatchException(String message) {
            super(message);
        }
    }

    /**
     * @throws UnknownOrderException    when no order has the event's order id
     * @throws PaymentMismatchException when the order has no pending payment, or not this reference or amount
     */
    public Outcome handle(PaymentEvent event) {
        SignalRule rule = OrderPipeline.onSignal(event.succeeded() ? Signal.PAYMENT_CONFIRMED : Signal.PAYMENT_REFUSED);
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            OrderHistory found = orders.findWithHistory(event.orderId())
                    .orElseThrow(() -> new UnknownOrderException("No order has the id '" + event.orderId() + "'"));
            Order order = found.order();
            OrderEffects.PendingPayment pending = found.effects().pendingPayment();
            if (pending == null) {
                throw new PaymentMismatchException("Order " + order.orderId() + " has no payment waiting for confirmation (it is "
                        + order.status() + ")");
            }
            if (!pending.reference().equals(event.reference())) {
                throw new PaymentMismatchException("Order " + order.orderId() + " waits for payment " + pending.reference()
                        + ", not " + event.reference());
            }
            if (pending.amount().compareTo(event.amount()) != 0) {
                throw new PaymentMismatchException("Order " + order.orderId() + " waits for a payment of " + pending.amount()
                        + ", not " + event.amount().toPlainString());
            }
            Instant now = clock.instant();
            if (rule.appliesIn(order.status())) {
                Optional<Outcome> moved = event.succeeded() ? confirm(order, rule, event, now) : refuse(order, rule, event, now);
                if (moved.isPresent()) {
                    return taken(moved.get());
                }
                continue; // moved meanwhile (a cancel, the deadline): read it again
            }
            if (event.succeeded() && order.status() == OrderStatus.CANCELLED && found.effects().charge() == null) {
                EffectResult refunded = ledger.chargeAndRefund(order, pending.reference(), now);
                if (refunded == EffectResult.APPLIED) {
                    LOG.warn("Order {} was cancelled while its payment {} waited; the provider confirmed it ({}): charged and refunded",
                            order.orderId(), pending.reference(), event.id());
                    return taken(Outcome.REFUNDED);
                }
                if (refunded == EffectResult.STALE) {
                    continue;
                }
            }
            return taken(Outcome.ALREADY_SETTLED);
        }
        // Only a store that keeps refusing moves it sees as possible gets here.
        throw new IllegalStateException("Order " + event.orderId() + " kept moving while event " + event.id() + " was taken");
    }

    private Optional<Outcome> confirm(Order order, SignalRule rule, PaymentEvent event, Instant now) {
        String reason = "payment " + event.reference() + " confirmed by the provider (" + event.id() + ")";
        EffectResult charged = ledger.charge(order, event.reference(), StatusTransition.of(order, rule.to(), reason, now, false));
        if (charged != EffectResult.APPLIED) {
            return Optional.empty();
        }
        metrics.orderSignalled(rule.to(), "payment_confirmed");
        return Optional.of(Outcome.CONFIRMED);
    }

    private Optional<Outcome> refuse(Order order, SignalRule rule, PaymentEvent event, Instant now) {
        String reason = "the payment provider reported payment " + event.reference() + " failed (" + event.id() + ")";
        OrderRepository.SignalOutcome outcome = orders.applySignal(order.orderId(), rule.in(), rule.to(), reason, now);
        if (!outcome.applied()) {
            return Optional.empty();
        }
        metrics.orderSignalled(rule.to(), "payment_refused");
        return Optional.of(Outcome.REFUSED);
    }

    private Outcome taken(Outcome outcome) {
        metrics.webhookTaken(outcome);
        return outcome;
    }
}
