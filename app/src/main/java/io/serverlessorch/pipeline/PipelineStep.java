package io.serverlessorch.pipeline;

import io.serverlessorch.domain.Order;

/**
 * One step of the pipeline, as plain code: no Lambda, no JSON. Every step is idempotent: asked twice about
 * the same order it does its work once and answers the same.
 */
public interface PipelineStep {

    Step step();

    /**
     * Does the step's work for the order.
     *
     * @param onSuccess where a success takes the order, or null where the order stays (the message sent on
     *                  reaching an end). On success the step makes this move, {@linkplain SuccessMove#of with
     *                  the reason} it answers, in the same write as its effect; it answers
     *                  {@link StepResult#stale()} when the move is refused (the order moved on). A step never
     *                  picks where an order goes.
     */
    StepResult execute(Order order, SuccessMove onSuccess);

    /**
     * Does the step's work for the order, where the world outside may finish it later.
     *
     * @param onPending where the order waits meanwhile, or null where its stage has no wait; the step makes this
     *                  move, with the effect that waits, and answers {@link StepResult#pending}
     */
    default StepResult execute(Order order, SuccessMove onSuccess, SuccessMove onPending) {
        return execute(order, onSuccess);
    }

    /** Undoes this step's effect for the order; steps without effects have nothing to undo. */
    default StepResult compensate(Order order) {
        return StepResult.succeeded("nothing_to_undo", "nothing to undo");
    }
}
