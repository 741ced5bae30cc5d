package io.serverlessorch.pipeline;

import io.serverlessorch.domain.OrderStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The whole order flow, in one place: for each status an order can enter, the step that runs and where
 * each of its answers leads.
 *
 * <ul>
 *   <li>success: the step did its work; the order moves on (or stays, where its stage was the last word).</li>
 *   <li>decline: a business "no" (unknown product, no stock, card declined). Where a stage names none, a
 *       decline counts as a failure.</li>
 *   <li>failure: the step kept failing for technical reasons after its retries.</li>
 * </ul>
 *
 * Each answer leads to one exit: {@code moveTo(status)}, after {@code undo(...)}ing the effects of earlier
 * steps in the order given (an order in a status holds exactly the effects of the steps behind it, so that is
 * what there is to undo); {@code stay()}: the stage is done; or {@code retryTheRecord()}: the order stays and
 * its stream record is delivered again later.
 *
 * <p><b>Who writes a move.</b> A success's move is written by the step, in the same write as its effect (the
 * validator's move is its only write), so an effect and the move it earns cannot part. Every other move (a
 * decline's, a failure's) is written by the orchestrator, after the undos. Every move is a conditional write
 * on the status and version it was decided on, so a repeated or late delivery moves nothing.
 *
 * <p><b>One hop per order.</b> A move to a status with a stage of its own is carried on by the invocation that
 * made it: it runs the next stage straight away, and the move's own stream record only adds it to the history.
 * So a stream delivery runs an order from where it stands to its end. The delivery that started the chain answers
 * for all of it: if the chain cannot finish (a crash, a step that must be retried, too little time left), that
 * record fails and, delivered again, carries on from wherever the order then stands.
 */
public final class OrderPipeline {

    private static final Map<OrderStatus, Stage> STAGES = table(
            at(PENDING).run(VALIDATOR)
                    .onSuccess(moveTo(VALIDATED))
                    .onDecline(moveTo(VALIDATION_FAILED))
                    .onFailure(moveTo(FAILED)),
            at(VALIDATED).run(INVENTORY)
                    .onSuccess(moveTo(INVENTORY_RESERVED))
                    .onDecline(moveTo(OUT_OF_STOCK))
                    .onFailure(moveTo(FAILED)),
            at(INVENTORY_RESERVED).run(PAYMENT)
                    .onSuccess(moveTo(PAYMENT_COMPLETED))
                    .onDecline(undo(INVENTORY).thenMoveTo(PAYMENT_FAILED))
                    .onFailure(undo(INVENTORY).thenMoveTo(FAILED)),
            at(PAYMENT_COMPLETED).run(FULFILLMENT)
                    .onSuccess(moveTo(FULFILLED))
                    .onFailure(undo(PAYMENT, INVENTORY).thenMoveTo(FAILED)),
            // The customer's confirmation. A fulfilled order is never undone: if the message cannot be sent,
            // the order completes all the same, with the reason saying so.
            at(FULFILLED).run(NOTIFICATION)
                    .onSuccess(moveTo(COMPLETED))
                    .onFailure(moveTo(COMPLETED)),
            // Every other end tells the customer once why the order did not go through, and stays.
            at(VALIDATION_FAILED).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(OUT_OF_STOCK).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(PAYMENT_FAILED).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()),
            at(FAILED).run(NOTIFICATION).onSuccess(stay()).onFailure(retryTheRecord()));
            // COMPLETED: nothing more to do.

    private OrderPipeline() {
    }

    /** The stage of an order that has just entered {@code status}; empty where nothing more happens. */
    public static Optional<Stage> stageAt(OrderStatus status) {
        return Optional.ofNullable(STAGES.get(status));
    }

    /**
     * The statuses the table takes an order through to {@code end}: from {@code PENDING} along every stage's
     * success, until a stage whose success, decline or failure leads to {@code end}. An order's history should
     * show exactly these.
     *
     * @throws IllegalArgumentException when no path of successes leads to {@code end}
     */
    public static List<OrderStatus> pathTo(OrderStatus end) {
        List<OrderStatus> path = new ArrayList<>(List.of(PENDING));
        for (OrderStatus at = PENDING; ; ) {
            Stage stage = stageAt(at).orElseThrow(() -> new IllegalArgumentException("No path of successes leads to " + end));
            boolean leadsThere = List.of(stage.onSuccess(), stage.onDecline(), stage.onFailure()).stream()
                    .anyMatch(exit -> exit instanceof Exit.MoveTo move && move.to() == end);
            if (leadsThere) {
                path.add(end);
                return List.copyOf(path);
            }
            at = stage.successStatus().orElseThrow(() -> new IllegalArgumentException("No path of successes leads to " + end));
            path.add(at);
        }
    }

    /** The most step calls one stage can need: its step, then the longest list of undos. */
    public static int mostStepCallsPerChange() {
        return STAGES.values().stream()
                .mapToInt(stage -> 1 + List.of(stage.onDecline(), stage.onFailure()).stream()
                        .mapToInt(exit -> exit instanceof Exit.MoveTo move ? move.undo().size() : 0).max().orElse(0))
                .max().orElse(1);
    }

    /** Where an answer leads. */
    public sealed interface Exit {

        /** Undo these steps' effects, in this order, then move the order to {@code to}. */
        record MoveTo(List<Step> undo, OrderStatus to) implements Exit {
            public MoveTo {
                undo = List.copyOf(undo);
                Objects.requireNonNull(to, "to");
            }
        }

        /** The stage is done; the order stays where it is. */
        record Stay() implements Exit {
        }

        /** The order stays where it is, and its stream record is delivered again later. */
        record RetryTheRecord() implements Exit {
        }
    }

    /** One row of the table. */
    public record Stage(OrderStatus at, Step step, Exit onSuccess, Exit onDecline, Exit onFailure) {

        /** Where the step's answer leads; a stale answer leads nowhere (the order has moved on). */
        public Exit exitFor(StepResult.Outcome outcome) {
            return switch (outcome) {
                case SUCCEEDED -> onSuccess;
                case DECLINED -> onDecline;
                case FAILED -> onFailure;
                case STALE -> throw new IllegalArgumentException("A stale answer leads nowhere: the order has moved on");
            };
        }

        /** The status a success moves the order to; empty where the order stays. */
        public Optional<OrderStatus> successStatus() {
            return onSuccess instanceof Exit.MoveTo move ? Optional.of(move.to()) : Optional.empty();
        }
    }

    // The small language the table above is written in.

    private static StageBuilder at(OrderStatus status) {
        return new StageBuilder(status, null, null, null, null);
    }

    private static Exit.MoveTo moveTo(OrderStatus status) {
        return new Exit.MoveTo(List.of(), status);
    }

    private static Undoing undo(Step... steps) {
        return new Undoing(List.of(steps));
    }

    private record Undoing(List<Step> steps) {
        Exit.MoveTo thenMoveTo(OrderStatus status) {
            return new Exit.MoveTo(steps, status);
        }
    }

    private static Exit.Stay stay() {
        return new Exit.Stay();
    }

    private static Exit.RetryTheRecord retryTheRecord() {
        return new Exit.RetryTheRecord();
    }

    private record StageBuilder(OrderStatus at, Step step, Exit onSuccess, Exit onDecline, Exit onFailure) {

        StageBuilder run(Step step) {
            return new StageBuilder(at, step, onSuccess, onDecline, onFailure);
        }

        StageBuilder onSuccess(Exit exit) {
            return new StageBuilder(at, step, exit, onDecline, onFailure);
        }

        StageBuilder onDecline(Exit exit) {
            return new StageBuilder(at, step, onSuccess, exit, onFailure);
        }

        StageBuilder onFailure(Exit exit) {
            return new StageBuilder(at, step, onSuccess, onDecline, exit);
        }

        Stage build() {
            if (step == null || onSuccess == null || onFailure == null) {
                throw new IllegalStateException("The stage at " + at + " needs a step, a success exit and a failure exit");
            }
            if (onSuccess instanceof Exit.MoveTo move && !move.undo().isEmpty()) {
                throw new IllegalStateException("The stage at " + at + " undoes on success: a success's move is its step's own write");
            }
            if (onSuccess instanceof Exit.RetryTheRecord) {
                throw new IllegalStateException("The stage at " + at + " retries its record on success: it would never end");
            }
            // Where no decline is named, a decline counts as a failure.
            return new Stage(at, step, onSuccess, onDecline == null ? onFailure : onDecline, onFailure);
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
