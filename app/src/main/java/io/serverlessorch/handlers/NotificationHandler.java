package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;

/** The notification step Lambda. */
public class NotificationHandler extends PipelineStepHandler {

    public NotificationHandler() {
        super(Step.NOTIFICATION);
    }

    public NotificationHandler(ApplicationContext context) {
        super(Step.NOTIFICATION, context);
    }
}
