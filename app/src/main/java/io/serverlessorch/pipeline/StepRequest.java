package io.serverlessorch.pipeline;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.serverlessorch.domain.Order;

/**
 * The payload a step Lambda receives: which step, whether to do or undo its effect, the order as the
 * orchestrator knows it (so steps need not read it again), and where a success takes it (see
 * {@link PipelineStep#execute}); none for an undo or where the order stays. {@code onPending}: where the order
 * waits when the step's work is finished by the world outside (see {@link StepResult.Outcome#PENDING}); none
 * where the stage has no wait.
 */
@Serdeable
public record StepRequest(Step step, Action action, Order order, @Nullable SuccessMove onSuccess, @Nullable SuccessMove onPending) {

    public StepRequest(Step step, Action action, Order order, SuccessMove onSuccess) {
        this(step, action, order, onSuccess, null);
    }

    public enum Action {
        /** Do the step's work. */
        EXECUTE,
        /** Undo what the step did for this order (release stock, refund); a no-op where nothing was done. */
        COMPENSATE
    }
}
