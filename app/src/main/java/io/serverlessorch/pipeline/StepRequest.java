package io.serverlessorch.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.StatusTransition;

/**
 * The payload a step Lambda receives: which step, whether to do or undo its effect, the order as the
 * stream record showed it (so steps need not read it again), and the move the orchestrator decided for a
 * success (see {@link PipelineStep#execute}); none for an undo or where the order stays.
 */
@Serdeable
public record StepRequest(Step step, Action action, Order order, @Nullable StatusTransition onSuccess) {

    public enum Action {
        /** Do the step's work. */
        EXECUTE,
        /** Undo what the step did for this order (release stock, refund); a no-op where nothing was done. */
        COMPENSATE
    }
}
