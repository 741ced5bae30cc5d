package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.StatusTransition;

/**
 * One step of the pipeline, as plain code: no Lambda, no JSON. Every step is idempotent: asked twice about
 * the same order it does its work once and answers the same.
 */
public interface PipelineStep {

    Step step();

    /**
     * Does the step's work for the order.
     *
     * @param onSuccess the move the orchestrator decided for a success, or null where the order stays (the
     *                  message sent on reaching an end). A step with an effect (holding stock, charging,
     *                  shipping) records the effect and applies this move in one write, with its own
     *                  {@linkplain StatusTransition#because reason}, and answers {@link StepResult#movedOn};
     *                  the others leave the move to the orchestrator. A step never picks where an order goes.
     */
    StepResult execute(Order order, StatusTransition onSuccess);

    /** Undoes this step's effect for the order; steps without effects have nothing to undo. */
    default StepResult compensate(Order order) {
        return StepResult.succeeded("nothing_to_undo", "nothing to undo");
    }
}
