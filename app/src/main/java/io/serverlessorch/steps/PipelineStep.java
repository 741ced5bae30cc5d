package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;

/**
 * One step of the pipeline, as plain code: no Lambda, no JSON. Every step is idempotent: asked twice about
 * the same order it does its work once and answers the same.
 */
public interface PipelineStep {

    Step step();

    StepResult execute(Order order);

    /** Undoes this step's effect for the order; steps without effects have nothing to undo. */
    default StepResult compensate(Order order) {
        return StepResult.succeeded("nothing_to_undo", "nothing to undo");
    }
}
