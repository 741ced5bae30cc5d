package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;

/** The validator step Lambda. */
public class ValidatorHandler extends PipelineStepHandler {

    public ValidatorHandler() {
        super(Step.VALIDATOR);
    }

    public ValidatorHandler(ApplicationContext context) {
        super(Step.VALIDATOR, context);
    }
}
