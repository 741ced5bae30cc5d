package io.serverlessorch.steps;

import io.serverlessorch.domain.Money;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderEffects;
import io.serverlessorch.domain.Timestamps;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Charges the order's total once, with a payment reference, or, where the provider must confirm it later (a 3-D
 * Secure challenge), records it as pending until the confirmation deadline; refunds the charge, or voids the pending
 * authorization, when the order cannot go on.
 */
@Singleton
public class PaymentStep implements PipelineStep {

    private final MockPaymentProvider provider;
    private final LedgerRepository ledger;
    private final PaymentTerms terms;
    private final Clock clock;

    public PaymentStep(MockPaymentProvider provider, LedgerRepository ledger, PaymentTerms terms, Clock clock) {
        this.provider = provider;
        this.ledger = ledger;
        this.terms = terms;
        this.clock = clock;
    }

    @Override
    public Step step() {
        return Step.PAYMENT;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        return execute(order, onSuccess, null);
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess, SuccessMove onPending) {
        String reference = provider.referenceFor(order);
        switch (provider.authorize(order.payment().cardToken())) {
            case DECLINED -> {
                return StepResult.declined("card_declined", "the card was declined");
            }
            case UNAVAILABLE -> {
                return StepResult.failed("the payment provider is unavailable");
            }
            case PENDING -> {
                if (onPending == null) {
                    return StepResult.failed("the provider asked for a confirmation this stage cannot wait for");
                }
                Instant deadline = onPending.at().plus(terms.confirmationTimeout());
                String reason = "waiting for the payment provider to confirm " + reference + " (3-D Secure) until " + Timestamps.format(deadline);
                EffectResult waiting = ledger.awaitConfirmation(order,
                        new OrderEffects.PendingPayment(reference, order.total(), onPending.at(), deadline), onPending.of(order, reason));
                return waiting == EffectResult.APPLIED ? StepResult.pending("confirmation_requested", reason) : StepResult.stale();
            }
            default -> {
                // approved: record the charge
            }
        }
        String reason = "charged " + Money.format(order.total()) + " as " + reference;
        EffectResult charged = ledger.charge(order, reference, onSuccess.of(order, reason));
        return charged == EffectResult.APPLIED ? StepResult.succeeded("charged", reason) : StepResult.stale();
    }

    /** Refunds a charge; where nothing was charged, voids a pending authorization. */
    @Override
    public StepResult compensate(Order order) {
        Instant now = clock.instant();
        EffectResult refunded = ledger.refund(order, now);
        return switch (refunded) {
            case APPLIED -> StepResult.succeeded("refunded", "refunded " + Money.format(order.total()));
            case ALREADY_APPLIED -> StepResult.succeeded("refunded", "already refunded");
            case STALE -> StepResult.stale();
            case NOT_APPLICABLE -> switch (ledger.voidAuthorization(order, now)) {
                case APPLIED -> StepResult.succeeded("voided", "payment authorization voided");
                case ALREADY_APPLIED -> StepResult.succeeded("voided", "payment authorization already voided");
                case NOT_APPLICABLE -> StepResult.succeeded("refunded", "nothing was charged");
                case STALE -> StepResult.stale();
            };
        };
    }
}
