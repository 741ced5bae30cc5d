package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.InventoryRepository;
import jakarta.inject.Singleton;

/** Ships the reserved stock and records the shipment under a (mock) tracking number. */
@Singleton
public class FulfillmentStep implements PipelineStep {

    private final InventoryRepository inventory;

    public FulfillmentStep(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    @Override
    public Step step() {
        return Step.FULFILLMENT;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        String trackingNumber = trackingNumberOf(order.orderId());
        String reason = "shipped with tracking number " + trackingNumber;
        return switch (inventory.ship(order, trackingNumber, onSuccess.of(order, reason))) {
            case APPLIED -> StepResult.succeeded("shipped", reason);
            case NOT_APPLICABLE -> StepResult.failed("no reserved stock to ship");
            case STALE, ALREADY_APPLIED -> StepResult.stale();
        };
    }

    /** Derived from the order, so a retried shipment keeps its number. */
    static String trackingNumberOf(String orderId) {
        return "TRK" + orderId.replace("-", "").substring(0, 12).toUpperCase();
    }
}
