package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;

/** The fulfillment step Lambda. */
public class FulfillmentHandler extends PipelineStepHandler {

    public FulfillmentHandler() {
        super(Step.FULFILLMENT);
    }

    public FulfillmentHandler(ApplicationContext context) {
        super(Step.FULFILLMENT, context);
    }
}
