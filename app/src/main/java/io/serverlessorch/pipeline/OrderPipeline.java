package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
 * The whole order flow, in one place: for each status an order can enter, the step that runs and where
 * each of its answers leads.
 *
 * <ul>
 *   <li>success: the step did its work; the order moves on.</li>
 *   <li>decline: a business "no" (unknown product, no stock, card declined). Where a stage names none, a
 *       decline counts as a failure.</li>
 *   <li>failure: the step kept failing for technical reasons after its retries.</li>
 *   <li>undoing: the steps whose effects are undone, in this order, before the order moves. An order in a
 *       status holds exactly the effects of the steps behind it, so that is what there is to undo.</li>
 * </ul>
 *
 * The orchestrator decides every move from this table. A step whose success has an effect (holding stock,
 * charging, shipping) writes the effect and the move it is handed together, so the two cannot part.
 */
public final class OrderPipeline {

    private static final Map<OrderStatus, Stage> STAGES = table(
            at(PENDING).run(VALIDATOR)
                    .onSuccess(VALIDATED)
                    .onDecline(VALIDATION_FAILED)
                    .onFailure(FAILED),
            at(VALIDATED).run(INVENTORY)
                    .onSuccess(INVENTORY_RESERVED)
                    .onDecline(OUT_OF_STOCK)
                    .onFailure(FAILED),
            at(INVENTORY_RESERVED).run(PAYMENT)
                    .onSuccess(PAYMENT_COMPLETED)
                    .onDecline(PAYMENT_FAILED, undoing(INVENTORY))
                    .onFailure(FAILED, undoing(INVENTORY)),
            at(PAYMENT_COMPLETED).run(FULFILLMENT)
                    .onSuccess(FULFILLED)
                    .onFailure(FAILED, undoing(PAYMENT, INVENTORY)),
            // The customer's confirmation. A fulfilled order is never undone: if the message cannot be sent,
            // the order completes all the same, with the reason saying so.
            at(FULFILLED).run(NOTIFICATION)
                    .onSuccess(COMPLETED)
                    .onFailure(COMPLETED),
            // Every other end tells the customer once why the order did not go through, and stays.
            // A message that cannot be sent is tried again with the stream record.
            at(VALIDATION_FAILED).run(NOTIFICATION).andStay(),
            at(OUT_OF_STOCK).run(NOTIFICATION).andStay(),
            at(PAYMENT_FAILED).run(NOTIFICATION).andStay(),
            at(FAILED).run(NOTIFICATION).andStay());
            // COMPLETED: nothing more to do.

    private OrderPipeline() {
    }

    /** The stage of an order that has just entered {@code status}; empty where nothing more happens. */
    public static Optional<Stage> stageAt(OrderStatus status) {
        return Optional.ofNullable(STAGES.get(status));
    }

    /** The most step calls one status change can need: the stage's step, then the longest list of undos. */
    public static int mostStepCallsPerChange() {
        return STAGES.values().stream()
                .mapToInt(stage -> 1 + Stream.of(stage.onDecline(), stage.onFailure())
                        .flatMap(Optional::stream).mapToInt(exit -> exit.undo().size()).max().orElse(0))
                .max().orElse(1);
    }

    /** Where an answer leads: a status, after undoing some steps' effects. */
    public record Exit(OrderStatus to, List<Step> undo) {
        public Exit {
            undo = List.copyOf(undo);
        }
    }

    /**
     * One row of the table. An empty {@code onSuccess} means the order stays where it is; an empty
     * {@code onFailure} means a failure leaves the order where it is and the stream record is tried again.
     */
    public record Stage(OrderStatus at, Step step, Optional<OrderStatus> onSuccess,
                        Optional<Exit> onDecline, Optional<Exit> onFailure) {

        /** What to do with the step's answer. */
        public Decision decide(StepResult answer) {
            return switch (answer.outcome()) {
                case SUCCEEDED -> onSuccess
                        .<Decision>map(to -> new Decision.Move(to, answer.code(), answer.reason(), List.of()))
                        .orElse(new Decision.Stay());
                case DECLINED -> onDecline
                        .<Decision>map(exit -> new Decision.Move(exit.to(), answer.code(), answer.reason(), exit.undo()))
                        .orElseGet(() -> failed(answer));
                case FAILED -> failed(answer);
                case STALE -> throw new IllegalArgumentException("A stale answer leads nowhere: the order has moved on");
            };
        }

        private Decision failed(StepResult answer) {
            String what = step.name().toLowerCase() + " kept failing: " + answer.reason();
            return onFailure
                    .<Decision>map(exit -> new Decision.Move(exit.to(), step.name().toLowerCase() + "_failed",
                            exit.to() == COMPLETED ? "fulfilled, but the confirmation could not be sent (" + what + ")" : what,
                            exit.undo()))
                    .orElse(new Decision.RetryLater(what));
        }
    }

    /** What the orchestrator does after a step answered. */
    public sealed interface Decision {

        /** Undo {@code undo}'s effects in this order, then move to {@code to} for {@code reason} (short: {@code code}). */
        record Move(OrderStatus to, String code, String reason, List<Step> undo) implements Decision {
            public Move {
                undo = List.copyOf(undo);
            }
        }

        /** The order stays where it is: its stage is done. */
        record Stay() implements Decision {
        }

        /** The order stays where it is, and the stream record is handled again later. */
        record RetryLater(String reason) implements Decision {
        }
    }

    // The small language the table above is written in.

    private static StageBuilder at(OrderStatus status) {
        return new StageBuilder(status, null, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static List<Step> undoing(Step... steps) {
        return List.of(steps);
    }

    private record StageBuilder(OrderStatus at, Step step, Optional<OrderStatus> onSuccess,
                                Optional<Exit> onDecline, Optional<Exit> onFailure) {

        StageBuilder run(Step step) {
            return new StageBuilder(at, step, onSuccess, onDecline, onFailure);
        }

        StageBuilder onSuccess(OrderStatus to) {
            return new StageBuilder(at, step, Optional.of(to), onDecline, onFailure);
        }

        StageBuilder onDecline(OrderStatus to) {
            return onDecline(to, List.of());
        }

        StageBuilder onDecline(OrderStatus to, List<Step> undo) {
            return new StageBuilder(at, step, onSuccess, Optional.of(new Exit(to, undo)), onFailure);
        }

        StageBuilder onFailure(OrderStatus to) {
            return onFailure(to, List.of());
        }

        StageBuilder onFailure(OrderStatus to, List<Step> undo) {
            return new StageBuilder(at, step, onSuccess, onDecline, Optional.of(new Exit(to, undo)));
        }

        /** A stage that leaves the order where it is, whatever the step answers. */
        StageBuilder andStay() {
            return this;
        }

        Stage build() {
            return new Stage(at, step, onSuccess, onDecline, onFailure);
        }
    }

    private static Map<OrderStatus, Stage> table(StageBuilder... rows) {
        Map<OrderStatus, Stage> stages = new EnumMap<>(OrderStatus.class);
        Arrays.stream(rows).map(StageBuilder::build).forEach(stage -> {
            if (stages.put(stage.at(), stage) != null) {
                throw new IllegalStateException("Two stages at " + stage.at());
            }
        });
        return Map.copyOf(stages);
    }
}
