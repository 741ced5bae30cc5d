package io.serverlessorch.steps;

import io.serverlessorch.domain.Money;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Tells the customer the outcome of their order: a confirmation once it is fulfilled, or why it did not go
 * through. Delivery is mocked (a log line); the message is recorded first, so each order gets exactly one.
 */
@Singleton
public class NotificationStep implements PipelineStep {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationStep.class);

    private final LedgerRepository ledger;
    private final Clock clock;

    public NotificationStep(LedgerRepository ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Step step() {
        return Step.NOTIFICATION;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        // A confirmation is recorded by the move that completes the order, so it carries the move's time.
        OrderEffects.CustomerMessage message = messageFor(order, onSuccess == null ? clock.instant() : onSuccess.at());
        if (onSuccess != null) {
            // A fulfilled order: the confirmation is recorded by the move that completes it, in one write.
            String reason = "customer told: " + message.subject();
            if (ledger.recordMessage(order, message, onSuccess.of(order, reason)) != EffectResult.APPLIED) {
                return StepResult.stale();
            }
            LOG.info("mock email to {}: {}", message.to(), message.subject());
            return StepResult.succeeded("notified", reason);
        }
        return switch (ledger.recordMessage(order, message)) {
            case APPLIED -> {
                LOG.info("mock email to {}: {}", message.to(), message.subject());
                yield StepResult.succeeded("notified", "customer told: " + message.subject());
            }
            case ALREADY_APPLIED -> StepResult.succeeded("notified", "customer already told");
            case STALE, NOT_APPLICABLE -> StepResult.stale();
        };
    }

    OrderEffects.CustomerMessage messageFor(Order order, Instant at) {
        String to = order.customer().email();
        if (order.status() == OrderStatus.FULFILLED) {
            return new OrderEffects.CustomerMessage(to, "Your order " + order.orderId() + " is confirmed",
                    "Thank you, " + order.customer().name() + ". We charged " + Money.format(order.total()) + " and your order is on its way.",
                    at);
        }
        if (order.status() == OrderStatus.CANCELLED) {
            return new OrderEffects.CustomerMessage(to, "Your order " + order.orderId() + " is cancelled",
                    "Hello " + order.customer().name() + ", your order is cancelled: " + order.statusReason()
                            + ". Nothing will be shipped; any payment taken has been refunded and any pending one voided.",
                    at);
        }
        return new OrderEffects.CustomerMessage(to, "Your order " + order.orderId() + " could not be completed",
                "Sorry, " + order.customer().name() + ": " + order.statusReason() + ". You will not be charged for it; any payment taken has been refunded.",
                at);
    }
}
