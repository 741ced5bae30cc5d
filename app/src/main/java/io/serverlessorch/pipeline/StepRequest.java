package io.serverlessorch.pipeline;

import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.domain.Order;

/**
 * The payload a step Lambda receives: which step, whether to do or undo its effect, and the order as the
 * stream record showed it (so steps need not read it again).
 */
@Serdeable
public record StepRequest(Step step, Action action, Order order) {

    public enum Action {
        /** Do the step's work. */
        EXECUTE,
        /** Undo what the step did for this order (release stock, refund); a no-op where nothing was done. */
        COMPENSATE
    }
}
