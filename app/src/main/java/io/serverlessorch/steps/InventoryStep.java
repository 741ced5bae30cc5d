package io.serverlessorch.steps;

import io.serverlessorch.domain.Order;
import io.serverlessorch.pipeline.PipelineStep;
import io.serverlessorch.pipeline.Step;
import io.serverlessorch.pipeline.StepResult;
import io.serverlessorch.pipeline.SuccessMove;
import io.serverlessorch.storage.EffectResult;
import io.serverlessorch.storage.InventoryRepository;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Holds the order's stock (all lines or none), and gives it back when the order cannot go on. */
@Singleton
public class InventoryStep implements PipelineStep {

    private final InventoryRepository inventory;
    private final Clock clock;

    public InventoryStep(InventoryRepository inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public Step step() {
        return Step.INVENTORY;
    }

    @Override
    public StepResult execute(Order order, SuccessMove onSuccess) {
        String reason = "stock reserved";
        InventoryRepository.Reservation reservation = inventory.reserve(order, onSuccess.of(order, reason));
        return switch (reservation.result()) {
            case APPLIED -> StepResult.succeeded("reserved", reason);
            case NOT_APPLICABLE -> StepResult.declined("out_of_stock", "not enough stock of " + reservation.unavailableProductId());
            case STALE, ALREADY_APPLIED -> StepResult.stale();
        };
    }

    @Override
    public StepResult compensate(Order order) {
        EffectResult released = inventory.release(order, clock.instant());
        return released == EffectResult.STALE ? StepResult.stale() : StepResult.succeeded("released",
                released == EffectResult.APPLIED ? "stock released" : "no stock held");
    }
}
