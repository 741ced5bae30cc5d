package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import io.serverlessorch.domain.OrderStatus;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;

/**
 * One step of the pipeline, as plain code: no Lambda, no JSON. Every step is idempotent: asked twice about
 * the same order it does its work once and answers the same.
 */
public interface PipelineStep {

    Step step();

    /**
     * Does the step's work for the order.
     *
     * @param onSuccess where the order goes when the step succeeds. A step with an effect (holding stock,
     *                  charging, shipping) records it and moves the order there in one write, and answers
     *                  {@link StepResult#movedOn}; the others leave the move to the orchestrator. Null when
     *                  the order is not to move (the message sent on reaching a terminal status).
     */
    StepResult execute(Order order, OrderStatus onSuccess);

    /** Undoes this step's effect for the order; steps without effects have nothing to undo. */
    default StepResult compensate(Order order) {
        return StepResult.succeeded("nothing_to_undo", "nothing to undo");
    }
}
