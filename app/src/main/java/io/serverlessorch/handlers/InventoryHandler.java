package io.serverlessorch.handlers;

import io.micronaut.context.ApplicationContext;
import io.serverlessorch.pipeline.Step;

/** The inventory step Lambda. */
public class InventoryHandler extends PipelineStepHandler {

    public InventoryHandler() {
        super(Step.INVENTORY);
    }

    public InventoryHandler(ApplicationContext context) {
        super(Step.INVENTORY, context);
    }
}
