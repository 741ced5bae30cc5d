package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.serverlessorch.domain.OrderStatus.COMPLETED;
import static io.serverlessorch.domain.OrderStatus.FAILED;
import static io.serverlessorch.domain.OrderStatus.FULFILLED;
import static io.serverlessorch.domain.OrderStatus.INVENTORY_RESERVED;
import static io.serverlessorch.domain.OrderStatus.OUT_OF_STOCK;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_COMPLETED;
import static io.serverlessorch.domain.OrderStatus.PAYMENT_FAILED;
import static io.serverlessorch.domain.OrderStatus.PENDING;
import static io.serverlessorch.domain.OrderStatus.VALIDATED;
import static io.serverlessorch.domain.OrderStatus.VALIDATION_FAILED;
import static io.serverlessorch.pipeline.Step.FULFILLMENT;
import static io.serverlessorch.pipeline.Step.INVENTORY;
import static io.serverlessorch.pipeline.Step.NOTIFICATION;
import static io.serverlessorch.pipeline.Step.PAYMENT;
import static io.serverlessorch.pipeline.Step.VALIDATOR;

/**
 * The whole order flow, in one place.
 *
 * <pre>
 * from                step          success              declined (business "no")         failed (retries exhausted)
 * PENDING             validator     VALIDATED            VALIDATION_FAILED                FAILED
 * VALIDATED           inventory     INVENTORY_RESERVED   OUT_OF_STOCK                     FAILED
 * INVENTORY_RESERVED  payment       PAYMENT_COMPLETED    PAYMENT_FAILED, stock released   FAILED, stock released
 * PAYMENT_COMPLETED   fulfillment   FULFILLED            -                                FAILED, refunded, stock released
 * FULFILLED           notification  COMPLETED            -                                COMPLETED (a fulfilled order is never undone)
 * </pre>
 *
 * A step with an effect records it and the move to its success status in one write, so an order in a
 * status holds exactly the effects of the steps behind it: what each row undoes is what is there to undo.
 *
 * <p>The notification at FULFILLED is the customer's confirmation. Every other terminal status
 * (VALIDATION_FAILED, OUT_OF_STOCK, PAYMENT_FAILED, FAILED) triggers the notification step once, to tell
 * the customer why the order did not go through.
 */
public final class OrderPipeline {

    private static final Map<OrderStatus, Stage> STAGES = Map.of(
            PENDING, new Stage(VALIDATOR, VALIDATED,
                    VALIDATION_FAILED, List.of(), FAILED, List.of()),
            VALIDATED, new Stage(INVENTORY, INVENTORY_RESERVED,
                    OUT_OF_STOCK, List.of(), FAILED, List.of()),
            INVENTORY_RESERVED, new Stage(PAYMENT, PAYMENT_COMPLETED,
                    PAYMENT_FAILED, List.of(INVENTORY), FAILED, List.of(INVENTORY)),
            PAYMENT_COMPLETED, new Stage(FULFILLMENT, FULFILLED,
                    null, List.of(), FAILED, List.of(PAYMENT, INVENTORY)),
            FULFILLED, new Stage(NOTIFICATION, COMPLETED,
                    null, List.of(), COMPLETED, List.of()));

    private OrderPipeline() {
    }

    /**
     * One row of the table.
     *
     * @param onDecline     where a business "no" leads; null where the step has none (then it counts as a failure)
     * @param undoOnDecline steps whose effects are undone, in this order, before moving to {@code onDecline}
     * @param onFailure     where a step that keeps failing leads
     * @param undoOnFailure steps whose effects are undone, in this order, before moving to {@code onFailure}
     */
    public record Stage(Step step, OrderStatus onSuccess,
                        OrderStatus onDecline, List<Step> undoOnDecline,
                        OrderStatus onFailure, List<Step> undoOnFailure) {

        /** Where the step's answer leads, and what must be undone first. */
        public Decision decide(StepResult result) {
            return switch (result.outcome()) {
                case SUCCEEDED -> new Decision(onSuccess, result.code(), result.reason(), List.of());
                case DECLINED -> onDecline != null
                        ? new Decision(onDecline, result.code(), result.reason(), undoOnDecline)
                        : new Decision(onFailure, result.code(), result.reason(), undoOnFailure);
                case FAILED -> new Decision(onFailure, step.name().toLowerCase() + "_failed", failureReason(result), undoOnFailure);
                case STALE -> throw new IllegalArgumentException("A stale answer leads nowhere");
            };
        }

        private String failureReason(StepResult result) {
            String what = step.name().toLowerCase() + " kept failing: " + result.reason();
            return onFailure == COMPLETED ? "fulfilled, but the confirmation could not be sent (" + what + ")" : what;
        }
    }

    /** Move to {@code to} for {@code reason} (short: {@code code}), after undoing {@code undo}. */
    public record Decision(OrderStatus to, String code, String reason, List<Step> undo) {
    }

    /** The stage that starts from {@code status}; empty for terminal statuses. */
    public static Optional<Stage> stageFrom(OrderStatus status) {
        return Optional.ofNullable(STAGES.get(status));
    }

    /** Whether reaching {@code status} calls for telling the customer why the order did not go through. */
    public static boolean notifiesOnArrival(OrderStatus status) {
        return status.isTerminal() && status != COMPLETED;
    }
}
