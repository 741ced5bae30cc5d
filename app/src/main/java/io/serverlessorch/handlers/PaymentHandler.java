package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;

/** The payment step Lambda. */
public class PaymentHandler extends PipelineStepHandler {

    public PaymentHandler() {
        super(Step.PAYMENT);
    }

    public PaymentHandler(ApplicationContext context) {
        super(Step.PAYMENT, context);
    }
}
