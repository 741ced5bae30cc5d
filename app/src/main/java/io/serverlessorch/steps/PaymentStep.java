package io.serverlessorch.steps;

import io.serverlessorch.domain.Money;
import io.serverlessorch.domain.Order;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.LedgerRepository;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Charges the order's total once, with a payment reference; refunds it when the order cannot go on. */
@Singleton
public class PaymentStep implements PipelineStep {

    private final MockPaymentProvider provider;
    private final LedgerRepository ledger;
    private final Clock clock;

    public PaymentStep(MockPaymentProvider provider, LedgerRepository ledger, Clock clock) {
        this.provider = provider;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Step step() {
        return Step.PAYMENT;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        switch (provider.authorize(order.payment().cardToken())) {
            case DECLINED -> {
                return StepResult.declined("card_declined", "the card was declined");
            }
            case UNAVAILABLE -> {
                return StepResult.failed("the payment provider is unavailable");
            }
            default -> {
                // approved: fall through to record the charge
            }
        }
        String reference = "pay_" + order.orderId().replace("-", "").substring(0, 16);
        String reason = "charged " + Money.format(order.total()) + " as " + reference;
        EffectResult charged = ledger.charge(order, reference, onSuccess.of(order, reason));
        return charged == EffectResult.APPLIED ? StepResult.succeeded("charged", reason) : StepResult.stale();
    }

    @Override
    public StepResult compensate(Order order) {
        EffectResult refunded = ledger.refund(order, clock.instant());
        return switch (refunded) {
            case APPLIED -> StepResult.succeeded("refunded", "refunded " + Money.format(order.total()));
            case ALREADY_APPLIED -> StepResult.succeeded("refunded", "already refunded");
            case NOT_APPLICABLE -> StepResult.succeeded("refunded", "nothing was charged");
            case STALE -> StepResult.stale();
        };
    }
}
