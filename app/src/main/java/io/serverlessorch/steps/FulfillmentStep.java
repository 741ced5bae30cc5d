package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.storage.InventoryRepository;

import java.time.Clock;

/** Ships the reserved stock and records the shipment under a (mock) tracking number. */
public class FulfillmentStep implements PipelineStep {

    private final InventoryRepository inventory;
    private final Clock clock;

    public FulfillmentStep(InventoryRepository inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public Step step() {
        return Step.FULFILLMENT;
    }

    @Override
    public StepResult execute(Order order) {
        String trackingNumber = trackingNumberOf(order.orderId());
        return switch (inventory.ship(order, trackingNumber, clock.instant())) {
            case APPLIED -> StepResult.succeeded("shipped", "shipped with tracking number " + trackingNumber);
            case ALREADY_APPLIED -> StepResult.succeeded("shipped", "already shipped with tracking number " + trackingNumber);
            case NOT_APPLICABLE -> StepResult.failed("no reserved stock to ship");
            case STALE -> StepResult.stale();
        };
    }

    /** Derived from the order, so a retried shipment keeps its number. */
    static String trackingNumberOf(String orderId) {
        return "TRK" + orderId.replace("-", "").substring(0, 12).toUpperCase();
    }
}
