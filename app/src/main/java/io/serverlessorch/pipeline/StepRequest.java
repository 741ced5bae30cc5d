package io.serverlessorch.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;

/**
 * The payload a step Lambda receives: which step, whether to do or undo its effect, the order as the
 * stream record showed it (so steps need not read it again), and where the order goes if the step succeeds
 * (see {@link io.serverlessorch.steps.PipelineStep#execute}).
 */
@Serdeable
public record StepRequest(Step step, Action action, Order order, @Nullable OrderStatus onSuccess) {

    public enum Action {
        /** Do the step's work. */
        EXECUTE,
        /** Undo what the step did for this order (release stock, refund); a no-op where nothing was done. */
        COMPENSATE
    }
}
